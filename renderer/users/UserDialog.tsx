import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import type { UserSummary } from '../../shared/channels/auth';
import { Role, roles } from '../../shared/roles';
import { call } from '../desk';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { useDeskAction } from '../ui/useDeskAction';
import { displayName, fieldError, password, username } from '../ui/fields';
import { NewPasswordFields } from './NewPasswordFields';

const createSchema = z
  .object({ username, displayName, role: Role, password, confirm: z.string().min(1, 'required'), active: z.boolean() })
  .refine((v) => v.password === v.confirm, { message: 'passwordMismatch', path: ['confirm'] });
const editSchema = z.object({ username: z.string(), displayName, role: Role, password: z.string(), confirm: z.string(), active: z.boolean() });
type Values = z.input<typeof createSchema>;

interface Props {
  /** Null: a new user. */
  user: UserSummary | null;
  /** The signed-in admin edits themself: role and active are locked (main refuses a self-demotion). */
  self?: boolean;
  onClose(): void;
  onSaved(user: UserSummary, created: boolean): void;
}

/** Add a user (users.create) or change name, role and whether they may sign in (users.update). */
export function UserDialog({ user, self = false, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const creating = user === null;
  const save = useDeskAction(
    async (v: Values): Promise<UserSummary> =>
      user === null
        ? (await call('users.create', { username: v.username.trim(), displayName: v.displayName.trim(), role: v.role, password: v.password })).user
        : (await call('users.update', { userId: user.id, displayName: v.displayName.trim(), role: v.role, active: v.active })).user,
    { onSuccess: (saved) => onSaved(saved, creating), onError: 'keep' },
  );
  const {
    register,
    control,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    resolver: zodResolver(creating ? createSchema : editSchema),
    defaultValues: {
      username: user?.username ?? '',
      displayName: user?.displayName ?? '',
      role: user?.role ?? 'agent',
      password: '',
      confirm: '',
      active: user?.active ?? true,
    },
  });

  const submit = handleSubmit(async (v) => {
    await save.run(v);
  });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="user-dialog-title">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="user-dialog-title">{creating ? t('users.createTitle') : t('users.editTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {save.errorText === null ? null : <Alert severity="error">{save.errorText}</Alert>}
            <TextField
              label={t('users.username')}
              autoFocus={creating}
              disabled={!creating}
              autoComplete="off"
              {...register('username')}
              error={errors.username !== undefined}
              helperText={fieldError(t, errors.username) ?? (creating ? t('setup.usernameHelp') : undefined)}
            />
            <TextField
              label={t('users.displayName')}
              autoFocus={!creating}
              autoComplete="off"
              {...register('displayName')}
              error={errors.displayName !== undefined}
              helperText={fieldError(t, errors.displayName)}
            />
            <Controller
              control={control}
              name="role"
              render={({ field }) => (
                <TextField select label={t('users.role')} disabled={self} helperText={self ? t('users.selfHint') : undefined} {...field}>
                  {roles.map((role) => (
                    <MenuItem key={role} value={role}>
                      {t(`role.${role}`)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            {creating ? (
              <>
                <NewPasswordFields
                  password={register('password')}
                  confirm={register('confirm')}
                  errors={errors}
                  labels={{ password: t('users.password'), confirm: t('users.confirm') }}
                />
              </>
            ) : (
              <Controller
                control={control}
                name="active"
                render={({ field }) => (
                  <FormControlLabel
                    control={<Switch checked={field.value} disabled={self} onChange={(event) => field.onChange(event.target.checked)} />}
                    label={t('users.activeSwitch')}
                  />
                )}
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} />
      </form>
    </Dialog>
  );
}
