import { useCallback, useEffect, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';
import { useNotifier } from './Notifier';
import { useDeskQuery, type DeskQuery } from './useDeskQuery';

export interface DeskList<T> extends DeskQuery<T> {
  /** Read again now (after a write). */
  reload(): void;
}

/**
 * A screen's list: read once, again on `reload()` and every `refreshMs` (other desks write too);
 * a failed read goes to the snackbar, and the last good answer stays on screen. A list that is part
 * of a page is also read again when `pageVersion` goes up (something the page did changed it).
 */
export function useDeskList<C extends ChannelName>(channel: C, input: ChannelInput<C>, refreshMs?: number, pageVersion = 0): DeskList<ChannelOutput<C>> {
  const notifier = useNotifier();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  // Both only go up, so their sum changes whenever either does.
  const query = useDeskQuery(channel, input, version + pageVersion);

  useEffect(() => {
    if (refreshMs === undefined) return undefined;
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs, reload, version]);

  useEffect(() => {
    if (query.error !== null) notifier.error(query.error);
  }, [query.error, notifier]);

  return { ...query, reload };
}
