import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import RefreshIcon from '@mui/icons-material/Refresh';
import { asDeskError, call } from '../desk';
import { onConnection } from '../events';
import { useNotifier } from '../ui/Notifier';

/** While the server cannot be reached, ask it quietly this often (besides the event stream's own retries). */
const AUTO_RETRY_MS = 15_000;
/** The top bar's height: the banner sticks just below it. */
const TOP_BAR_HEIGHT = 56;

type State = { kind: 'ok' } | { kind: 'lost'; retrying: boolean; stillLost: boolean };

/**
 * Issue 11: the desk server cannot be reached (the bridge said `lost`, or a call answered
 * `unavailable`). A calm strip under the top bar says so, with "Prøv igjen" (it asks auth.me);
 * it goes away when the server answers again (`restored`). Nothing is blocked: the agent can
 * read what is on screen, and every call says for itself that it could not be saved.
 */
export function ConnectionBanner({ mainId, onSessionGone }: { mainId: string; onSessionGone(): void }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [state, setState] = useState<State>({ kind: 'ok' });
  const box = useRef<HTMLDivElement>(null);
  const trying = useRef(false);
  const gone = useRef(onSessionGone);
  useEffect(() => {
    gone.current = onSessionGone;
  });

  // Whether the banner shows, for the handlers (the state is for rendering).
  const shown = useRef(false);

  const restored = useCallback((): void => {
    if (!shown.current) return;
    shown.current = false;
    // The button the agent pressed goes away with the banner: the focus goes to the page, not to nowhere.
    if (box.current?.contains(document.activeElement) === true) document.getElementById(mainId)?.focus();
    setState({ kind: 'ok' });
    notifier.success(t('server.restored'));
  }, [mainId, notifier, t]);

  useEffect(
    () =>
      onConnection((next) => {
        if (next === 'restored') {
          restored();
        } else if (!shown.current) {
          shown.current = true;
          setState({ kind: 'lost', retrying: false, stillLost: false });
        }
      }),
    [restored],
  );

  const retry = useCallback(
    async (quiet: boolean): Promise<void> => {
      if (trying.current) return;
      trying.current = true;
      if (!quiet) setState((prev) => (prev.kind === 'lost' ? { ...prev, retrying: true } : prev));
      try {
        const { user } = await call('auth.me', {});
        restored();
        // The session ended while the server was away.
        if (user === null) gone.current();
      } catch (error) {
        if (asDeskError(error).code === 'unavailable') {
          setState((prev) => (prev.kind === 'lost' ? { ...prev, retrying: false, stillLost: prev.stillLost || !quiet } : prev));
        } else {
          // The server answered (with a refusal): it can be reached.
          restored();
        }
      } finally {
        trying.current = false;
      }
    },
    [restored],
  );

  const lost = state.kind === 'lost';
  useEffect(() => {
    if (!lost) return undefined;
    const timer = window.setInterval(() => void retry(true), AUTO_RETRY_MS);
    return () => window.clearInterval(timer);
  }, [lost, retry]);

  return (
    // The live region is always there, so its content is announced when it appears (politely: nothing is lost yet).
    <Box
      ref={box}
      role="status"
      aria-live="polite"
      data-testid="connection-banner"
      sx={{ position: 'sticky', top: TOP_BAR_HEIGHT, zIndex: (theme) => theme.zIndex.appBar - 1 }}
    >
      {state.kind === 'lost' ? (
        <Alert
          severity="warning"
          role="none"
          icon={<CloudOffIcon />}
          sx={{ borderRadius: 0, borderBottom: 1, borderColor: 'warning.main', alignItems: 'center', px: 2, py: 0.5 }}
          action={
            <Button
              color="inherit"
              variant="outlined"
              startIcon={state.retrying ? <CircularProgress size={16} color="inherit" aria-hidden /> : <RefreshIcon />}
              // Not disabled while it tries: a disabled button would drop the keyboard focus.
              aria-busy={state.retrying}
              onClick={() => void retry(false)}
              sx={{ bgcolor: 'background.paper', whiteSpace: 'nowrap' }}
            >
              {state.retrying ? t('server.retrying') : t('server.retry')}
            </Button>
          }
        >
          <AlertTitle sx={{ mb: 0, fontWeight: 700 }}>{t('server.lostTitle')}</AlertTitle>
          <Box component="span" data-testid="connection-banner-text">
            {state.stillLost ? t('server.stillLost') : t('server.lost')}
          </Box>
        </Alert>
      ) : null}
    </Box>
  );
}
