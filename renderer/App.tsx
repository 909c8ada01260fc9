import { useCallback, useEffect, useState } from 'react';
import type { UserSummary } from '../shared/channels/auth';
import { call } from './desk';
import { NotifierProvider } from './ui/Notifier';
import { StartupScreen } from './shell/StartupScreen';
import { WelcomePage } from './shell/WelcomePage';
import { SignInPage, type SignInNotice } from './shell/SignInPage';
import { AppShell } from './shell/AppShell';

/** Where the desk is: first start, sign-in, or signed in. */
type Phase =
  | { kind: 'loading' }
  | { kind: 'startFailed'; error: unknown }
  | { kind: 'welcome' }
  | { kind: 'signIn'; notice: SignInNotice | null }
  | { kind: 'desk'; user: UserSummary };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    (async () => {
      const { needsSetup } = await call('setup.status', {});
      if (needsSetup) return { kind: 'welcome' } as const;
      // A reloaded window keeps its session in main: carry on where the agent was.
      const { user } = await call('auth.me', {});
      return user === null ? ({ kind: 'signIn', notice: null } as const) : ({ kind: 'desk', user } as const);
    })().then(
      (next) => live && setPhase(next),
      (error: unknown) => live && setPhase({ kind: 'startFailed', error }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const toSignIn = useCallback(() => setPhase({ kind: 'signIn', notice: null }), []);
  const retry = useCallback(() => {
    setPhase({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return (
    <NotifierProvider onUnauthenticated={toSignIn}>
      {phase.kind === 'loading' || phase.kind === 'startFailed' ? (
        <StartupScreen error={phase.kind === 'startFailed' ? phase.error : null} onRetry={retry} />
      ) : null}
      {phase.kind === 'welcome' ? <WelcomePage onDone={(notice) => setPhase({ kind: 'signIn', notice })} /> : null}
      {phase.kind === 'signIn' ? <SignInPage notice={phase.notice} onSignedIn={(user) => setPhase({ kind: 'desk', user })} /> : null}
      {phase.kind === 'desk' ? <AppShell user={phase.user} onSignedOut={toSignIn} /> : null}
    </NotifierProvider>
  );
}
