import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AddBusinessIcon from '@mui/icons-material/AddBusiness';
import ScienceIcon from '@mui/icons-material/Science';
import { call } from '../desk';
import { AuthLayout } from './AuthLayout';
import { demoUsersFrom } from './DemoUsers';
import { EmptyDeskForm } from './EmptyDeskForm';
import { describeError } from '../i18n/errors';
import type { SignInNotice } from './SignInPage';

/** How many members the demo desk gets (setup.demo). */
const DEMO_MEMBERS = 2_000;

type Step = 'choose' | 'demo' | 'empty';

/** First start: a demo desk to try, or an empty desk with its first administrator. */
export function WelcomePage({ onDone }: { onDone(notice: SignInNotice): void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('choose');
  const [failure, setFailure] = useState<unknown>(null);

  const openDemo = async (): Promise<void> => {
    setFailure(null);
    setStep('demo');
    try {
      const output = await call('setup.demo', { members: DEMO_MEMBERS });
      onDone({ kind: 'demo', members: output.members, users: demoUsersFrom(output) });
    } catch (error) {
      setFailure(error);
      setStep('choose');
    }
  };

  if (step === 'empty') {
    return (
      <AuthLayout>
        <Paper sx={{ p: 3 }}>
          <Typography id="setup-title" variant="h1" gutterBottom>
            {t('setup.title')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2.5 }}>
            {t('setup.intro')}
          </Typography>
          <EmptyDeskForm onCreated={(username) => onDone({ kind: 'created', username })} onBack={() => setStep('choose')} />
        </Paper>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout width={760}>
      <Typography variant="h1" gutterBottom>
        {t('welcome.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t('welcome.intro')}
      </Typography>
      {failure === null ? null : (
        <Alert severity="error" sx={{ mb: 2 }}>
          {describeError(t, failure)}
        </Alert>
      )}
      {step === 'demo' ? (
        <Paper sx={{ p: 3 }} role="status" aria-live="polite">
          <Typography variant="h2" gutterBottom>
            {t('welcome.demoBusy')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('welcome.demoBusyDetail')}
          </Typography>
          <LinearProgress aria-label={t('welcome.demoBusy')} />
        </Paper>
      ) : (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
          <Choice
            icon={<ScienceIcon color="primary" />}
            title={t('welcome.demoTitle')}
            body={t('welcome.demoBody')}
            action={
              <Button variant="contained" onClick={() => void openDemo()}>
                {t('welcome.demoButton')}
              </Button>
            }
          />
          <Choice
            icon={<AddBusinessIcon color="primary" />}
            title={t('welcome.emptyTitle')}
            body={t('welcome.emptyBody')}
            action={
              <Button variant="outlined" onClick={() => setStep('empty')}>
                {t('welcome.emptyButton')}
              </Button>
            }
          />
        </Box>
      )}
    </AuthLayout>
  );
}

function Choice({ icon, title, body, action }: { icon: ReactNode; title: string; body: string; action: ReactNode }) {
  return (
    <Paper component="section" sx={{ p: 3, display: 'flex', flexDirection: 'column' }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1 }}>
        {icon}
        <Typography variant="h2">{title}</Typography>
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 3, flexGrow: 1 }}>
        {body}
      </Typography>
      <Box>{action}</Box>
    </Paper>
  );
}
