import { useCallback, useEffect, useState } from 'react';
import type { LaunchesToday } from '../../shared/channels/launches';
import { asDeskError, call } from '../desk';
import { onDeskChange } from '../events';

/**
 * "Now" on the desk is the main process's clock, not the machine's: launches.today answers with
 * it, and the renderer keeps the offset to its own monotonic clock, so a countdown runs every
 * second without asking main, and shows the right time also when the desk's clock is set (tests).
 */
export interface DeskTime {
  /** The desk's "now" (ms since epoch) when the answer arrived. */
  readonly serverMs: number;
  /** performance.now() at that moment. */
  readonly perfMs: number;
}

/** The desk's "now" (ms since epoch), read in an event or timer, never during render. */
export function deskNowFrom(anchor: DeskTime): number {
  return anchor.serverMs + (performance.now() - anchor.perfMs);
}

/** A window event: stock or the held orders' queue changed on this desk (a booking, a held order), so the launch banner asks again at once (L5). */
export const STOCK_CHANGED_EVENT = 'desk:stock-changed';

export function announceStockChange(): void {
  window.dispatchEvent(new Event(STOCK_CHANGED_EVENT));
}

/**
 * The desk's time, read once (launches.today's `now`): for a form that prefills "now" (the
 * received time of an email order) without the banner's polling. Null until it answers.
 */
export function useDeskAnchor(): DeskTime | null {
  const [anchor, setAnchor] = useState<DeskTime | null>(null);
  useEffect(() => {
    let live = true;
    call('launches.today', {}).then(
      (data) => {
        if (live) setAnchor({ serverMs: Date.parse(data.now), perfMs: performance.now() });
      },
      // Without it the field starts empty; the agent types the time.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return anchor;
}

/** Ask again at least this often: stock (L5), a launch put in or cancelled elsewhere, a changed clock. */
export const LAUNCH_REFRESH_MS = 15_000;
/** A held order registered, booked or withdrawn on another desk: asked again within this, at a random moment. */
export const HELD_SPREAD_MS = 2_000;
/** Never ask again sooner than this (a clock held still by a test would otherwise loop). */
const MIN_REFRESH_MS = 500;

export interface LaunchesTodayState {
  readonly data: LaunchesToday | null;
  readonly anchor: DeskTime | null;
  /** Ask now (after a change made on this desk). */
  reload(): void;
}

/** The earliest change of any channel of today's or the next launch, as a delay from now (desk time). */
function nextRefreshIn(data: LaunchesToday, anchor: DeskTime): number {
  const now = deskNowFrom(anchor);
  // Issue 11: each desk asks at its own moment (±20 %), so a centre's desks signed in together do
  // not all ask the server in the same millisecond every 15 s.
  let delay = LAUNCH_REFRESH_MS * (0.8 + 0.4 * Math.random());
  for (const launch of [...data.launches, ...data.upcoming]) {
    const at = launch.day.nextChangeAt;
    if (at === null) continue;
    // A little past the instant, so main's answer is already on the far side of it.
    delay = Math.min(delay, Date.parse(at) - now + 50);
  }
  return Math.max(delay, MIN_REFRESH_MS);
}

/**
 * launches.today, asked again at each next-change instant (07:00, 08:00, 10:00, 12:00, midnight
 * Oslo) and every LAUNCH_REFRESH_MS. Failures other than a lost session are retried quietly:
 * the banner is a help, the service enforces the lockout (L3) whatever the banner shows.
 */
export function useLaunchesToday(onUnauthenticated: (error: unknown) => void): LaunchesTodayState {
  const [state, setState] = useState<{ data: LaunchesToday | null; anchor: DeskTime | null }>({ data: null, anchor: null });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    // Only the newest request schedules the next one, so an early re-ask never leaves two chains.
    let latest = 0;
    // The products of today's launches, for the stock events worth asking again for.
    let shown: readonly number[] | undefined;
    const load = (): void => {
      const mine = ++latest;
      call('launches.today', {}).then(
        (data) => {
          if (!live || mine !== latest) return;
          shown = [...data.launches, ...data.upcoming].flatMap((launch) => launch.products.map((product) => product.id));
          const anchor: DeskTime = { serverMs: Date.parse(data.now), perfMs: performance.now() };
          setState({ data, anchor });
          timer = window.setTimeout(load, nextRefreshIn(data, anchor));
        },
        (error: unknown) => {
          if (!live || mine !== latest) return;
          if (asDeskError(error).code === 'unauthenticated') {
            onUnauthenticated(error);
            return;
          }
          timer = window.setTimeout(load, LAUNCH_REFRESH_MS);
        },
      );
    };
    // Issue 11: a held order changes only the queue figures, which are not needed to the second
    // before 10:00, and every desk hears it at once: each desk asks within HELD_SPREAD_MS, at its
    // own moment, instead of a centre's desks all asking in the same millisecond.
    let soon: number | undefined;
    const again = (): void => {
      window.clearTimeout(timer);
      window.clearTimeout(soon);
      soon = undefined;
      load();
    };
    const againSoon = (): void => {
      if (soon !== undefined) return;
      soon = window.setTimeout(again, Math.random() * HELD_SPREAD_MS);
    };
    load();
    window.addEventListener(STOCK_CHANGED_EVENT, again);
    // L5, issue 11: a launch planned or cancelled, or stock sold, on another desk: ask at once.
    // Stock sold of a product not in today's launches leaves the banner alone. A held order
    // registered, booked or withdrawn changes what can be promised (issue 12): ask too.
    const stopListening = onDeskChange(['launches', 'stock'], again, { productIds: () => shown ?? [] });
    const stopHeld = onDeskChange(['held_orders'], againSoon);
    return () => {
      live = false;
      window.clearTimeout(timer);
      window.clearTimeout(soon);
      stopHeld();
      window.removeEventListener(STOCK_CHANGED_EVENT, again);
      stopListening();
    };
  }, [version, onUnauthenticated]);

  const reload = useCallback(() => setVersion((n) => n + 1), []);
  return { data: state.data, anchor: state.anchor, reload };
}
