import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { UserSummary } from '../../shared/channels/auth';
import { call } from '../desk';
import { AuthLayout } from './AuthLayout';
import { DemoUsers, type DemoUser } from './DemoUsers';
import { describeError } from '../i18n/errors';
import { formatPoints } from '../i18n/format';

/** What the sign-in screen says above the form right after first start. */
export type SignInNotice = { kind: 'created'; username: string } | { kind: 'demo'; members: number; users: DemoUser[] };

interface Values {
  username: string;
  password: string;
}

/** The first thing a set-up desk shows. Enter submits; errors say what happened (and until when). */
export function SignInPage({ notice, onSignedIn }: { notice: SignInNotice | null; onSignedIn(user: UserSummary): void }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    setValue,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ defaultValues: { username: notice?.kind === 'created' ? notice.username : '', password: '' } });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const { user } = await call('auth.login', { username: values.username.trim(), password: values.password });
      onSignedIn(user);
    } catch (error) {
      setFailure(error);
      setValue('password', '');
      setFocus('password');
    }
  });

  const required = { required: true };
  return (
    <AuthLayout>
      <Stack spacing={2}>
        {notice?.kind === 'created' ? <Alert severity="success">{t('signIn.created')}</Alert> : null}
        {notice?.kind === 'demo' ? <Alert severity="success">{t('signIn.demoReady', { members: formatPoints(notice.members) })}</Alert> : null}
        <Paper sx={{ p: 3 }}>
          <Typography id="sign-in-title" variant="h1" gutterBottom>
            {t('signIn.title')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2.5 }}>
            {t('signIn.subtitle')}
          </Typography>
          <Stack component="form" noValidate onSubmit={submit} spacing={2} aria-labelledby="sign-in-title">
            {failure === null ? null : (
              <Alert severity="error" role="alert" data-testid="sign-in-error">
                {describeError(t, failure)}
              </Alert>
            )}
            <TextField
              label={t('signIn.username')}
              autoFocus={notice?.kind !== 'created'}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              {...register('username', required)}
              error={errors.username !== undefined}
              helperText={errors.username === undefined ? undefined : t('validation.required')}
            />
            <TextField
              label={t('signIn.password')}
              type="password"
              autoFocus={notice?.kind === 'created'}
              autoComplete="current-password"
              {...register('password', required)}
              error={errors.password !== undefined}
              helperText={errors.password === undefined ? undefined : t('validation.required')}
            />
            <Button type="submit" variant="contained" size="large" loading={isSubmitting} fullWidth>
              {isSubmitting ? t('signIn.busy') : t('signIn.submit')}
            </Button>
          </Stack>
        </Paper>
        {notice?.kind === 'demo' ? (
          <DemoUsers
            users={notice.users}
            onPick={(username) => {
              setValue('username', username);
              setFocus('password');
            }}
          />
        ) : null}
      </Stack>
    </AuthLayout>
  );
}
