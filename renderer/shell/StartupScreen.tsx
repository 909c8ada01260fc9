import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import { AuthLayout } from './AuthLayout';
import { describeError } from '../i18n/errors';

/** While the desk answers its first question (is it set up? is someone signed in?). */
export function StartupScreen({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <AuthLayout>
      {error === null ? (
        <Box role="status" sx={{ display: 'flex', justifyContent: 'center', alignItems: 'center', gap: 2, py: 6 }}>
          <CircularProgress size={24} aria-hidden />
          {t('common.loading')}
        </Box>
      ) : (
        <Alert
          severity="error"
          action={
            <Button color="inherit" size="small" onClick={onRetry}>
              {t('startup.retry')}
            </Button>
          }
        >
          {describeError(t, error)}
        </Alert>
      )}
    </AuthLayout>
  );
}
