import { useCallback, useEffect, useRef, useState } from 'react';
import type { MemberPage } from '../../shared/channels/members';
import type { TimelineItem } from '../../shared/channels/membership';
import type { Explanation } from '../../shared/channels/points';
import { call } from '../desk';

/** How many timeline items the page asks for at first, and how many more each time the agent has shown them all. */
export const TIMELINE_PAGE = 100;
/** members.timeline answers at most this many; older ones are in the ledger view. */
const TIMELINE_MAX = 500;

export interface MemberTimeline {
  items: readonly TimelineItem[];
  /** There are older items than those read. */
  more: boolean;
}

/** One part of the page: its answer (kept while a refresh is on its way) and the newest failure. */
export interface Part<T> {
  data: T | null;
  error: unknown;
}

export interface MemberPageState {
  page: Part<MemberPage>;
  explanation: Part<Explanation>;
  timeline: Part<MemberTimeline>;
  /** A read of more timeline items is on its way. */
  loadingMore: boolean;
  /** There are older timeline items than those read, and the page may ask for them. */
  canLoadMore: boolean;
  /** Reads more of the timeline (when the agent has shown all that was read and there is more). */
  loadMore(): void;
}

interface Loaded {
  page: Part<MemberPage>;
  explanation: Part<Explanation>;
  timeline: Part<MemberTimeline>;
}

const empty: Loaded = { page: { data: null, error: null }, explanation: { data: null, error: null }, timeline: { data: null, error: null } };

function settle<T>(previous: Part<T>, result: PromiseSettledResult<T>): Part<T> {
  return result.status === 'fulfilled' ? { data: result.value, error: null } : { data: previous.data, error: result.reason };
}

/**
 * Issue 12, "a member page that reads once": the page's three reads (members.get, points.explain,
 * members.timeline) go out together and land in one state update, so the page renders once when
 * it opens and once per refresh — not once per answer. Only the newest round is kept: a slow
 * older answer never overwrites a newer one. A failed part keeps what it showed before.
 * Mount it with `key={memberId}` (the member page is) so a new member starts empty.
 */
export function useMemberPage(memberId: number, version: number): MemberPageState {
  const [loaded, setLoaded] = useState<Loaded>(empty);
  const [loadingMore, setLoadingMore] = useState(false);
  const [asked, setAsked] = useState(TIMELINE_PAGE);
  // The newest round of the three reads, and the newest read of the timeline (either kind).
  const round = useRef(0);
  const timelineRound = useRef(0);
  const limit = useRef(TIMELINE_PAGE);

  useEffect(() => {
    const mine = ++round.current;
    const mineTimeline = ++timelineRound.current;
    void Promise.allSettled([
      call('members.get', { memberId }),
      call('points.explain', { memberId }),
      call('members.timeline', { memberId, limit: limit.current }),
    ]).then(([page, explanation, timeline]) => {
      if (mine !== round.current) return;
      // A "show more" sent after this round began has the longer timeline: keep it.
      const timelineIsNewest = mineTimeline === timelineRound.current;
      setLoaded((prev) => ({
        page: settle(prev.page, page),
        explanation: settle(prev.explanation, explanation),
        timeline: timelineIsNewest ? settle(prev.timeline, timeline) : prev.timeline,
      }));
      if (timelineIsNewest) setLoadingMore(false);
    });
  }, [memberId, version]);

  const more = loaded.timeline.data?.more ?? false;
  const loadMore = useCallback((): void => {
    if (!more || limit.current >= TIMELINE_MAX) return;
    limit.current = Math.min(limit.current + TIMELINE_PAGE, TIMELINE_MAX);
    setAsked(limit.current);
    const mine = ++timelineRound.current;
    setLoadingMore(true);
    call('members.timeline', { memberId, limit: limit.current }).then(
      (timeline) => {
        if (mine !== timelineRound.current) return;
        setLoaded((prev) => ({ ...prev, timeline: { data: timeline, error: null } }));
        setLoadingMore(false);
      },
      (error: unknown) => {
        if (mine !== timelineRound.current) return;
        setLoaded((prev) => ({ ...prev, timeline: { data: prev.timeline.data, error } }));
        setLoadingMore(false);
      },
    );
  }, [memberId, more]);

  return { ...loaded, loadingMore, canLoadMore: more && asked < TIMELINE_MAX, loadMore };
}
