import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { describeSupervisorError } from './supervisor-errors';
import { DialogActionsRow } from './DialogActionsRow';
import { useDeskAction } from './useDeskAction';

interface Props {
  title: string;
  intro: string;
  label: string;
  confirm: string;
  /** The contract's shortest reason (cancel a launch: 1, withdraw a held order: 3). */
  minLength: number;
  onClose(): void;
  /** Does the write; a thrown error is shown in the dialog, which stays open. */
  onConfirm(reason: string): Promise<void>;
}

/** A write that needs a reason (B12a: every write says why): cancel a launch, withdraw a held order. */
export function ReasonDialog({ title, intro, label, confirm, minLength, onClose, onConfirm }: Props) {
  const { t, i18n } = useTranslation();
  const write = useDeskAction(onConfirm, { onError: 'keep', describe: (error) => describeSupervisorError(t, error, i18n.language) });
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });

  const submit = handleSubmit(async ({ reason }) => {
    await write.run(reason.trim());
  });

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="reason-dialog-title" aria-describedby="reason-dialog-intro">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="reason-dialog-title">{title}</DialogTitle>
        <DialogContent>
          <DialogContentText id="reason-dialog-intro" sx={{ mb: 2 }}>
            {intro}
          </DialogContentText>
          {write.errorText === null ? null : (
            <Alert severity="error" sx={{ mb: 2 }}>
              {write.errorText}
            </Alert>
          )}
          <TextField
            label={label}
            autoFocus
            multiline
            minRows={2}
            {...register('reason', {
              validate: (v) => {
                const length = v.trim().length;
                if (length === 0) return t('validation.required');
                if (length < minLength) return t('held.reasonShort');
                return length <= 500 || t('held.reasonLong');
              },
            })}
            error={errors.reason !== undefined}
            helperText={errors.reason?.message}
          />
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={isSubmitting} confirm={confirm} confirmColor="error" />
      </form>
    </Dialog>
  );
}
