import { useEffect, useRef, useState } from 'react';
import type { MemberHit } from '../../shared/channels/members';
import { call } from '../desk';

/** Wait this long after the last keystroke before asking (members.search answers in ~1 ms). */
export const SEARCH_DEBOUNCE_MS = 120;
export const SEARCH_LIMIT = 25;

export interface MemberSearch {
  /** The query the shown items answer (trimmed). */
  readonly settledQuery: string;
  readonly items: readonly MemberHit[];
  /** A newer query is on its way; the previous items stay visible meanwhile, so the list does not jump. */
  readonly loading: boolean;
  /** The newest query failed (the error itself goes to the notifier). */
  readonly failed: boolean;
}

interface Settled {
  query: string;
  items: readonly MemberHit[];
  failed: boolean;
}

/**
 * Search as you type. Every request gets a sequence number and only the answer to the newest
 * one is shown: a slow answer to "han" never overwrites the answer to "hans".
 */
export function useMemberSearch(query: string, onError: (error: unknown) => void): MemberSearch {
  const wanted = query.trim();
  const [settled, setSettled] = useState<Settled>({ query: '', items: [], failed: false });
  const sequence = useRef(0);
  const reportError = useRef(onError);

  useEffect(() => {
    reportError.current = onError;
  }, [onError]);

  useEffect(() => {
    const mine = ++sequence.current;
    if (wanted === '') return undefined;
    const timer = window.setTimeout(() => {
      call('members.search', { query: wanted, limit: SEARCH_LIMIT }).then(
        ({ items }) => {
          if (mine === sequence.current) setSettled({ query: wanted, items, failed: false });
        },
        (error: unknown) => {
          if (mine !== sequence.current) return;
          // Older items would pass for this query's answer: clear them and say what went wrong.
          setSettled({ query: wanted, items: [], failed: true });
          reportError.current(error);
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [wanted]);

  if (wanted === '') return { settledQuery: '', items: [], loading: false, failed: false };
  return { settledQuery: settled.query, items: settled.items, loading: settled.query !== wanted, failed: settled.failed };
}
