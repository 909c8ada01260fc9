import { useEffect, useState } from 'react';
import { deskNowFrom, type DeskTime } from './useLaunchesToday';

/**
 * The desk's "now" (ms), updated on each whole second of desk time while `enabled`, for
 * countdowns. Null until the first tick; callers fall back to `anchor.serverMs`.
 */
export function useDeskClock(anchor: DeskTime | null, enabled: boolean): number | null {
  const [now, setNow] = useState<{ anchor: DeskTime; ms: number } | null>(null);
  useEffect(() => {
    if (anchor === null || !enabled) return undefined;
    let timer: number | undefined;
    const tick = (): void => {
      const ms = deskNowFrom(anchor);
      setNow({ anchor, ms });
      // Wake just after the next whole second, so the shown seconds change in step with the clock.
      timer = window.setTimeout(tick, 1_000 - (ms % 1_000) + 5);
    };
    timer = window.setTimeout(tick, 0);
    return () => window.clearTimeout(timer);
  }, [anchor, enabled]);
  // A tick from before the latest answer is stale: the new anchor is more exact.
  if (anchor === null) return null;
  return now !== null && now.anchor === anchor ? now.ms : anchor.serverMs;
}
