import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import type { UserSummary } from '../../shared/channels/auth';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { NewPasswordFields } from './NewPasswordFields';
import { newPassword } from './fields';

type Values = z.input<typeof newPassword>;

/** An admin sets a new password for a user (users.setPassword); it also lifts a sign-in lock. */
export function PasswordDialog({ user, onClose, onSaved }: { user: UserSummary; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(newPassword), defaultValues: { password: '', confirm: '' } });

  const submit = handleSubmit(async (v) => {
    setFailure(null);
    try {
      await call('users.setPassword', { userId: user.id, password: v.password });
      onSaved();
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="password-dialog-title">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="password-dialog-title">{t('users.passwordTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{t('users.passwordFor', { name: user.displayName, username: user.username })}</DialogContentText>
          <Stack spacing={2}>
            {failure === null ? null : <Alert severity="error">{describeError(t, failure)}</Alert>}
            <NewPasswordFields
              password={register('password')}
              confirm={register('confirm')}
              errors={errors}
              labels={{ password: t('users.password'), confirm: t('users.confirm') }}
              autoFocus
            />
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={isSubmitting}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" loading={isSubmitting}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
