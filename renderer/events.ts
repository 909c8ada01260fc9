import { useEffect, useRef, useState } from 'react';
import { changeConcerns, type BridgeEvent, type EventTopic } from '../shared/events';
import { subscribeDesk } from './desk';

/**
 * "Seen by all at once" (issue 11): what other desks changed, over `subscribeDesk`. An event
 * names topics, never data, so a screen that hears one of its topics reads again what it shows.
 * On the embedded desk (no event stream) every function here is a no-op.
 *
 * Cheap by design: each screen subscribes for itself (the shell never re-renders per event),
 * a burst of events (job progress, a run touching every member) becomes one read, and the
 * handler is held in a ref, so a re-rendered screen does not subscribe again.
 */

/** Events that come close together are answered with one read, this long after the first (L5 asks for under a second). */
export const COALESCE_MS = 120;

export interface ChangeFilter {
  /** Only changes of this member (or of no member in particular, e.g. a monthly run); absent: any member. */
  memberId?: number | undefined;
  /**
   * Only stock changes of these products (asked at each event: the launch banner's products of
   * today); an event that names no products concerns every screen. Absent: any product.
   */
  productIds?: (() => readonly number[]) | undefined;
  /** Answer a burst with one call this long after its first event (default COALESCE_MS). */
  coalesceMs?: number | undefined;
}

/** Whether a `changed` event concerns a screen that shows `topics` (and, for members, `memberId`). */
export function concerns(event: BridgeEvent, topics: readonly EventTopic[], filter: ChangeFilter = {}): boolean {
  if (event.kind === 'connection') return event.state === 'restored';
  return changeConcerns(event, topics, { memberId: filter.memberId, productIds: filter.productIds?.() });
}

/**
 * Calls `onChange` (at most once per COALESCE_MS) when another desk changed one of `topics`,
 * and when the server answers again after the connection was lost (events may have been missed).
 * Returns the function that stops listening.
 */
export function onDeskChange(topics: readonly EventTopic[], onChange: () => void, filter: ChangeFilter = {}): () => void {
  let timer: number | undefined;
  const stop = subscribeDesk((event) => {
    if (timer !== undefined || !concerns(event, topics, filter)) return;
    timer = window.setTimeout(() => {
      timer = undefined;
      onChange();
    }, filter.coalesceMs ?? COALESCE_MS);
  });
  return () => {
    window.clearTimeout(timer);
    timer = undefined;
    stop();
  };
}

/** `onDeskChange` for a component: subscribed while mounted; `onChange` may be a new function every render. */
export function useDeskEvents(topics: readonly EventTopic[], onChange: () => void, memberId?: number, coalesceMs?: number): void {
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  // The topics as one string, so a literal array written in the render does not subscribe anew.
  const key = [...topics].sort().join(',');
  useEffect(() => {
    const named = key.split(',') as EventTopic[];
    return onDeskChange(named, () => handler.current(), { memberId, coalesceMs });
  }, [key, memberId, coalesceMs]);
}

/**
 * A number that goes up each time another desk changes one of `topics`: add it to a query's
 * version (useDeskQuery, useDeskList's pageVersion) and the query reads again.
 */
export function useDeskEventVersion(topics: readonly EventTopic[], memberId?: number, coalesceMs?: number): number {
  const [version, setVersion] = useState(0);
  useDeskEvents(topics, () => setVersion((n) => n + 1), memberId, coalesceMs);
  return version;
}

/** This desk's session ended on the server (deactivated, role changed, signed out elsewhere). */
export function onSessionEnded(listener: (reason: string) => void): () => void {
  return subscribeDesk((event) => {
    if (event.kind === 'signed_out') listener(event.reason);
  });
}

/** The server could not be reached (`lost`), or answers again (`restored`). */
export function onConnection(listener: (state: 'lost' | 'restored') => void): () => void {
  return subscribeDesk((event) => {
    if (event.kind === 'connection') listener(event.state);
  });
}
