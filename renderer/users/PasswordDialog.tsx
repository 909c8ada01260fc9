import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import type { UserSummary } from '../../shared/channels/auth';
import { call } from '../desk';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskAction } from '../ui/useDeskAction';
import { NewPasswordFields } from './NewPasswordFields';
import { newPassword } from '../ui/fields';

type Values = z.input<typeof newPassword>;

/** An admin sets a new password for a user (users.setPassword); it also lifts a sign-in lock. */
export function PasswordDialog({ user, onClose, onSaved }: { user: UserSummary; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const save = useDeskAction((password: string) => call('users.setPassword', { userId: user.id, password }), { onSuccess: onSaved, onError: 'keep' });
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(newPassword), defaultValues: { password: '', confirm: '' } });

  const submit = handleSubmit(async (v) => {
    await save.run(v.password);
  });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="password-dialog-title">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="password-dialog-title">{t('users.passwordTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{t('users.passwordFor', { name: user.displayName, username: user.username })}</DialogContentText>
          <Stack spacing={2}>
            {save.errorText === null ? null : <Alert severity="error">{save.errorText}</Alert>}
            <NewPasswordFields
              password={register('password')}
              confirm={register('confirm')}
              errors={errors}
              labels={{ password: t('users.password'), confirm: t('users.confirm') }}
              autoFocus
            />
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} />
      </form>
    </Dialog>
  );
}
