import { useEffect, useState } from 'react';
import type { TermsInForce } from '../../shared/channels/terms';
import { call } from '../desk';

/**
 * B13, issue 13: the version of the terms in force, for the member page. The member page is
 * opened many times an hour and the terms change a few times a year, so the answer is kept for a
 * minute (a page opened within it shows the line at once, with no call and no second render);
 * adding a version on this desk forgets it.
 */
const KEEP_MS = 60_000;
let kept: { at: number; version: TermsInForce | null } | null = null;

export function forgetTermsInForce(): void {
  kept = null;
}

function fresh(): { version: TermsInForce | null } | null {
  return kept !== null && performance.now() - kept.at < KEEP_MS ? kept : null;
}

/** The version in force: undefined while it is being read (or could not be), null when no terms are recorded. */
export function useTermsInForce(): TermsInForce | null | undefined {
  const [version, setVersion] = useState<TermsInForce | null | undefined>(() => fresh()?.version);
  useEffect(() => {
    if (fresh() !== null) return undefined;
    let live = true;
    call('terms.current', {}).then(
      (answer) => {
        kept = { at: performance.now(), version: answer.version };
        if (live) setVersion(answer.version);
      },
      () => {
        // The line is a courtesy beside the member's data: a failed read leaves it out (undefined), never "none".
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return version;
}
