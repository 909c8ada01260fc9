import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Snackbar from '@mui/material/Snackbar';
import { asDeskError } from '../desk';
import { describeError } from '../i18n/errors';

/** Every failed call ends here: a translated error in a snackbar (or a sign-out when the session is gone). */
export interface Notifier {
  error(error: unknown): void;
  success(message: string): void;
}

const NotifierContext = createContext<Notifier | null>(null);

interface Note {
  key: number;
  severity: 'error' | 'success';
  text: string;
}

interface Props {
  children: ReactNode;
  /** The session ended (signed out elsewhere, user deactivated): go back to sign-in. */
  onUnauthenticated(): void;
}

export function NotifierProvider({ children, onUnauthenticated }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState<Note | null>(null);
  const [open, setOpen] = useState(false);

  const show = useCallback((severity: Note['severity'], text: string) => {
    setNote((prev) => ({ key: (prev?.key ?? 0) + 1, severity, text }));
    setOpen(true);
  }, []);

  const notifier = useMemo<Notifier>(
    () => ({
      error(error) {
        if (asDeskError(error).code === 'unauthenticated') onUnauthenticated();
        show('error', describeError(t, error));
      },
      success(message) {
        show('success', message);
      },
    }),
    [onUnauthenticated, show, t],
  );

  const close = (_event?: unknown, reason?: string): void => {
    if (reason !== 'clickaway') setOpen(false);
  };

  return (
    <NotifierContext.Provider value={notifier}>
      {children}
      <Snackbar
        key={note?.key}
        open={open}
        onClose={close}
        autoHideDuration={note?.severity === 'error' ? 10_000 : 4_000}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert severity={note?.severity ?? 'error'} variant="filled" onClose={close} slotProps={{ closeButton: { title: t('common.close'), 'aria-label': t('common.close') } }} sx={{ minWidth: 320 }}>
          {note?.severity === 'error' ? <AlertTitle>{t('errorTitle')}</AlertTitle> : null}
          {note?.text}
        </Alert>
      </Snackbar>
    </NotifierContext.Provider>
  );
}

export function useNotifier(): Notifier {
  const notifier = useContext(NotifierContext);
  if (notifier === null) throw new Error('useNotifier outside NotifierProvider');
  return notifier;
}
