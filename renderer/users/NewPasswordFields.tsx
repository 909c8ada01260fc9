import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import TextField from '@mui/material/TextField';
import { fieldError } from '../ui/fields';

interface Props {
  password: UseFormRegisterReturn;
  confirm: UseFormRegisterReturn;
  errors: { password?: FieldError | undefined; confirm?: FieldError | undefined };
  labels: { password: string; confirm: string };
  autoFocus?: boolean;
}

/** A new password and its repetition, as every form that sets one asks for them. */
export function NewPasswordFields({ password, confirm, errors, labels, autoFocus = false }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={labels.password}
        type="password"
        autoFocus={autoFocus}
        autoComplete="new-password"
        {...password}
        error={errors.password !== undefined}
        helperText={fieldError(t, errors.password) ?? t('setup.passwordHelp')}
      />
      <TextField
        label={labels.confirm}
        type="password"
        autoComplete="new-password"
        {...confirm}
        error={errors.confirm !== undefined}
        helperText={fieldError(t, errors.confirm)}
      />
    </>
  );
}
