import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Button, { type ButtonProps } from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';

interface Props {
  onCancel(): void;
  /** A write is on its way: cancel is disabled and confirm spins. */
  busy: boolean;
  /** The confirm button's text (default: "Save"). */
  confirm?: ReactNode;
  /** The cancel button's text (default: "Cancel"). */
  cancel?: ReactNode;
  confirmColor?: ButtonProps['color'];
  /** The confirm button cannot be used yet (the busy state is shown separately). */
  confirmDisabled?: boolean;
  /** Without it the confirm button submits the dialog's form. */
  onConfirm?(): void;
  /** The confirm button takes the focus when the dialog opens (a question with nothing to fill in). */
  confirmAutoFocus?: boolean;
}

/** The row at the bottom of a dialog: cancel on the left, the one confirming write on the right. */
export function DialogActionsRow({ onCancel, busy, confirm, cancel, confirmColor, confirmDisabled, onConfirm, confirmAutoFocus }: Props) {
  const { t } = useTranslation();
  return (
    <DialogActions sx={{ px: 3, pb: 2 }}>
      <Button onClick={onCancel} disabled={busy}>
        {cancel ?? t('common.cancel')}
      </Button>
      <Button
        type={onConfirm === undefined ? 'submit' : 'button'}
        variant="contained"
        color={confirmColor}
        loading={busy}
        disabled={confirmDisabled}
        onClick={onConfirm}
        autoFocus={confirmAutoFocus}
      >
        {confirm ?? t('common.save')}
      </Button>
    </DialogActions>
  );
}
