import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddBusinessIcon from '@mui/icons-material/AddBusiness';
import DnsIcon from '@mui/icons-material/Dns';
import ScienceIcon from '@mui/icons-material/Science';
import type { TFunction } from 'i18next';
import type { DeskErrorShape, Result } from '../../shared/errors';
import { call, DeskClientError, type DeskBridge } from '../desk';
import { AuthLayout } from './AuthLayout';
import { demoUsersFrom } from './DemoUsers';
import { EmptyDeskForm } from './EmptyDeskForm';
import { describeError } from '../i18n/errors';
import type { SignInNotice } from './SignInPage';

/** How many members the demo desk gets (setup.demo). */
const DEMO_MEMBERS = 2_000;

type Step = 'choose' | 'demo' | 'empty' | 'server';

/** Asks main to connect this desk to the centre's desk server (main/app/bridge.ts, `connectServer`). */
export type ConnectServer = (address: string) => Promise<Result<unknown>>;

/**
 * The desktop app's `window.desk.connectServer`, or null where there is none: a browser is
 * already on its server (renderer/http-bridge.ts has no such function), so it is not offered.
 */
export function serverConnector(): ConnectServer | null {
  // renderer/desk.ts's DeskBridge does not name it: only the desktop app's preload has it.
  const desk = window.desk as (DeskBridge & { connectServer?: ConnectServer }) | undefined;
  const connect = desk?.connectServer;
  return typeof connect === 'function' ? (address) => connect(address) : null;
}

/**
 * First start: a demo desk to try, an empty desk with its first administrator, or — in the
 * desktop app — the centre's desk server (issue 11), which many desks share.
 */
export function WelcomePage({ onDone }: { onDone(notice: SignInNotice): void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('choose');
  const [failure, setFailure] = useState<unknown>(null);
  const [connectServer] = useState(serverConnector);

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

  if (step === 'server' && connectServer !== null) {
    return (
      <AuthLayout width={520}>
        <Paper sx={{ p: 3 }}>
          <Typography id="server-title" variant="h1" gutterBottom>
            {t('remote.formTitle')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2.5 }}>
            {t('remote.formIntro')}
          </Typography>
          <ServerAddressForm connect={connectServer} labelledBy="server-title" onBack={() => setStep('choose')} />
        </Paper>
      </AuthLayout>
    );
  }

  const three = connectServer !== null;
  return (
    <AuthLayout width={three ? 1040 : 760}>
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
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: three ? { xs: '1fr', md: 'repeat(3, 1fr)' } : { xs: '1fr', sm: '1fr 1fr' } }}>
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
          {connectServer === null ? null : (
            <Choice
              icon={<DnsIcon color="primary" />}
              title={t('remote.title')}
              body={t('remote.body')}
              action={
                <Button variant="outlined" onClick={() => setStep('server')}>
                  {t('remote.button')}
                </Button>
              }
            />
          )}
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

/**
 * The desk server's address, checked by main (https://, or http:// on this machine; a desk
 * server must answer its health check there). On success main saves it and reloads the window,
 * which then starts at the server's sign-in.
 */
export function ServerAddressForm({ connect, labelledBy, onBack }: { connect: ConnectServer; labelledBy: string; onBack?: () => void }) {
  const { t } = useTranslation();
  const [address, setAddress] = useState('');
  const [fieldProblem, setFieldProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [connected, setConnected] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || connected !== null) return;
    setProblem(null);
    setFieldProblem(null);
    if (address.trim() === '') {
      setFieldProblem(t('remote.required'));
      return;
    }
    setBusy(true);
    let result: Result<unknown>;
    try {
      result = await connect(address.trim());
    } catch (error) {
      result = { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
    setBusy(false);
    if (result.ok) {
      const value = result.value;
      setConnected(typeof value === 'object' && value !== null && 'url' in value && typeof value.url === 'string' ? value.url : address.trim());
      return;
    }
    const refusal = serverProblem(t, result.error);
    if (refusal.field) setFieldProblem(refusal.text);
    else setProblem(refusal.text);
  };

  return (
    <Stack component="form" noValidate onSubmit={(event: FormEvent) => void submit(event)} spacing={2} aria-labelledby={labelledBy}>
      {problem === null ? null : <Alert severity="error">{problem}</Alert>}
      {connected === null ? null : (
        <Alert severity="success" role="status">
          {t('remote.connected', { url: connected })}
        </Alert>
      )}
      <TextField
        label={t('remote.address')}
        autoFocus
        value={address}
        onChange={(event) => setAddress(event.target.value)}
        disabled={connected !== null}
        error={fieldProblem !== null}
        helperText={fieldProblem ?? t('remote.addressHelp')}
        slotProps={{ htmlInput: { inputMode: 'url', autoComplete: 'url', spellCheck: false, autoCapitalize: 'none', maxLength: 2_000 } }}
      />
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        {onBack === undefined ? null : (
          <Button onClick={onBack} disabled={busy || connected !== null}>
            {t('remote.back')}
          </Button>
        )}
        <Button type="submit" variant="contained" loading={busy} loadingPosition="start" disabled={connected !== null}>
          {busy ? t('remote.busy') : t('remote.submit')}
        </Button>
      </Stack>
    </Stack>
  );
}

/** Main's refusal in words: a wrong address belongs to the field, the rest above the form. */
function serverProblem(t: TFunction, error: DeskErrorShape): { field: boolean; text: string } {
  const reason = error.details?.['reason'];
  switch (error.code) {
    case 'invalid_input':
      return { field: true, text: t(reason === 'insecure' ? 'remote.problem.insecure' : 'remote.problem.address') };
    case 'unavailable':
      return { field: false, text: t(reason === 'timeout' ? 'remote.problem.timeout' : reason === 'certificate' ? 'remote.problem.certificate' : reason === 'status' ? 'remote.problem.status' : 'remote.problem.network') };
    case 'not_found':
      return { field: false, text: t('remote.problem.notDesk') };
    case 'conflict':
      return { field: false, text: t('remote.problem.setUp') };
    default:
      return { field: false, text: describeError(t, new DeskClientError(error)) };
  }
}
