import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { displayName, fieldError, password, username } from '../ui/fields';
import { NewPasswordFields } from '../users/NewPasswordFields';

const schema = z
  .object({ username, displayName, password, confirm: z.string().min(1, 'required') })
  .refine((v) => v.password === v.confirm, { message: 'passwordMismatch', path: ['confirm'] });
type Values = z.input<typeof schema>;

interface Props {
  onCreated(username: string): void;
  onBack(): void;
}

/** First start, empty desk: the first administrator (setup.empty). */
export function EmptyDeskForm({ onCreated, onBack }: Props) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { username: '', displayName: '', password: '', confirm: '' },
  });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const { user } = await call('setup.empty', { username: values.username, displayName: values.displayName, password: values.password });
      onCreated(user.username);
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <Stack component="form" noValidate onSubmit={submit} spacing={2} aria-labelledby="setup-title">
      {failure === null ? null : <Alert severity="error">{describeError(t, failure)}</Alert>}
      <TextField
        label={t('setup.username')}
        autoFocus
        autoComplete="username"
        {...register('username')}
        error={errors.username !== undefined}
        helperText={fieldError(t, errors.username) ?? t('setup.usernameHelp')}
      />
      <TextField
        label={t('setup.displayName')}
        autoComplete="name"
        {...register('displayName')}
        error={errors.displayName !== undefined}
        helperText={fieldError(t, errors.displayName)}
      />
      <NewPasswordFields
        password={register('password')}
        confirm={register('confirm')}
        errors={errors}
        labels={{ password: t('setup.password'), confirm: t('setup.confirm') }}
      />
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        <Button onClick={onBack} disabled={isSubmitting}>
          {t('setup.back')}
        </Button>
        <Button type="submit" variant="contained" loading={isSubmitting} loadingPosition="start">
          {isSubmitting ? t('setup.busy') : t('setup.submit')}
        </Button>
      </Stack>
    </Stack>
  );
}
