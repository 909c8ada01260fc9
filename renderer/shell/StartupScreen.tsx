import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { asDeskError } from '../desk';
import { AuthLayout } from './AuthLayout';
import { ServerAddressForm, serverConnector } from './WelcomePage';
import { describeError } from '../i18n/errors';

/**
 * While the desk answers its first question (is it set up? is someone signed in?). When the
 * desktop app's desk server cannot be reached, the agent may also give it a new address
 * (main allows that only while the server it has cannot be reached): a server that moved must
 * not leave the desk stuck on this screen.
 */
export function StartupScreen({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  const [connectServer] = useState(serverConnector);
  const [changing, setChanging] = useState(false);
  const unreachable = error !== null && asDeskError(error).code === 'unavailable' && connectServer !== null;
  return (
    <AuthLayout {...(unreachable ? { width: 520 } : {})}>
      {error === null ? (
        <Box role="status" sx={{ display: 'flex', justifyContent: 'center', alignItems: 'center', gap: 2, py: 6 }}>
          <CircularProgress size={24} aria-hidden />
          {t('common.loading')}
        </Box>
      ) : (
        <Alert
          severity="error"
          action={
            <Button color="inherit" size="small" onClick={onRetry} sx={{ whiteSpace: 'nowrap' }}>
              {t('startup.retry')}
            </Button>
          }
        >
          {describeError(t, error)}
        </Alert>
      )}
      {unreachable && connectServer !== null ? (
        changing ? (
          <Paper sx={{ p: 3, mt: 2 }}>
            <Typography id="server-change-title" variant="h2" gutterBottom>
              {t('remote.change')}
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              {t('remote.formIntro')}
            </Typography>
            <ServerAddressForm connect={connectServer} labelledBy="server-change-title" onBack={() => setChanging(false)} />
          </Paper>
        ) : (
          <Box sx={{ mt: 2 }}>
            <Typography color="text.secondary" sx={{ mb: 1 }}>
              {t('remote.startupHint')}
            </Typography>
            <Button variant="outlined" onClick={() => setChanging(true)}>
              {t('remote.change')}
            </Button>
          </Box>
        )
      ) : null}
    </AuthLayout>
  );
}
