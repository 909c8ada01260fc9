import { useCallback, useEffect, useMemo, useRef } from 'react';
import { asDeskError, call, DeskClientError } from '../desk';
import { onSessionEnded } from '../events';
import { useNotifier } from '../ui/Notifier';

/**
 * Issue 10 and 11: a session that ended on the server (the user deactivated or given another
 * role by an admin on any desk, signed out in another tab) signs this desk out at once, with the
 * same words as a call refused `unauthenticated` (session.ended.<reason>).
 *
 * The event says only that the session ended; the router says why: a call with the ended
 * session is refused with the reason. That call is auth.logout, so a session that somehow still
 * stood is ended too.
 */
/** Refusal reasons that say only that the call had no live session, not why it ended. */
const NO_REASON: readonly string[] = ['no_session', 'bad_token', 'unknown'];

export interface SessionEnd {
  /** The desk found the session gone by itself (e.g. auth.me answered no user): the same as the event. */
  ended(): void;
  /** This desk signs itself out now: the server's word of it on the stream is no news here. */
  leaving(): void;
}

export function useSessionEnd(onSignedOut: () => void): SessionEnd {
  const notifier = useNotifier();
  const leavingRef = useRef(false);
  const signedOut = useRef(onSignedOut);
  useEffect(() => {
    signedOut.current = onSignedOut;
  });

  const ended = useCallback((): void => {
    if (leavingRef.current) return;
    leavingRef.current = true;
    // At once: the shell (and any half-done dialog) goes now; the words follow the reply.
    signedOut.current();
    void (async () => {
      let why: DeskClientError = new DeskClientError({ code: 'unauthenticated', message: 'The session ended.', details: { reason: 'signed_out' } });
      try {
        await call('auth.logout', {});
      } catch (error) {
        // The router's reason (deactivated, role_changed, …); a call that carried no session at
        // all (another tab's sign-out cleared the shared cookie) says nothing more than the event.
        const refusal = asDeskError(error);
        const reason = refusal.details?.['reason'];
        if (refusal.code === 'unauthenticated' && typeof reason === 'string' && !NO_REASON.includes(reason)) why = refusal;
      }
      notifier.error(why);
    })();
  }, [notifier]);

  useEffect(() => onSessionEnded(ended), [ended]);
  return useMemo(
    () => ({
      ended,
      leaving: () => {
        leavingRef.current = true;
      },
    }),
    [ended],
  );
}
