import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { Redemption } from '../../shared/channels/redemptions';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatPoints } from '../i18n/format';
import { REASON_MAX, REASON_MIN, reasonProblem } from '../ui/agent-fields';

/** What the dialogs need of a redemption: the desk-wide list passes a Redemption, the member page's timeline its item (issue 12). */
export type RedemptionRef = Pick<Redemption, 'id' | 'memberName' | 'lines' | 'totalPoints'>;

interface Props {
  redemption: RedemptionRef;
  onClose(): void;
  onDone(updated: Redemption, message: string): void;
}

const summary = (r: RedemptionRef): string => r.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ');

/** B7a: registered → shipped. Forward only, so the agent confirms. */
export function ShipRedemptionDialog({ redemption: r, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const { redemption } = await call('redemptions.ship', { redemptionId: r.id });
      onDone(redemption, t('redemptions.shipped', { id: r.id }));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };
  return (
    <Dialog open fullWidth maxWidth="xs" onClose={() => !busy && onClose()} aria-labelledby="ship-title" aria-describedby="ship-text">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id="ship-title">{t('redemptions.shipTitle', { id: r.id })}</DialogTitle>
        <DialogContent>
          <DialogContentText id="ship-text">{t('redemptions.shipText', { name: r.memberName, items: summary(r) })}</DialogContentText>
          {failure === null ? null : (
            <Alert severity="error" sx={{ mt: 2 }}>
              {describeError(t, failure)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" autoFocus loading={busy}>
            {t('redemptions.shipConfirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** B7a: registered → cancelled, with a reason; the points go back to their lots and the stock returns. */
export function CancelRedemptionDialog({ redemption: r, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const problem = tried ? reasonProblem(reason) : null;
  const submit = async (): Promise<void> => {
    setTried(true);
    if (reasonProblem(reason) !== null) return;
    setBusy(true);
    setFailure(null);
    try {
      const { redemption } = await call('redemptions.cancel', { redemptionId: r.id, reason: reason.trim() });
      onDone(redemption, t('redemptions.cancelled', { id: r.id, points: formatPoints(r.totalPoints) }));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };
  return (
    <Dialog open fullWidth maxWidth="sm" onClose={() => !busy && onClose()} aria-labelledby="cancel-redemption-title">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id="cancel-redemption-title">{t('redemptions.cancelTitle', { id: r.id })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>{t('redemptions.cancelText', { name: r.memberName, items: summary(r), points: formatPoints(r.totalPoints) })}</DialogContentText>
            {failure === null ? null : <Alert severity="error">{describeError(t, failure)}</Alert>}
            <TextField
              label={t('redemptions.cancelReason')}
              autoFocus
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              error={problem !== null}
              helperText={problem === null ? t('redemptions.cancelReasonHelp') : t(`memberActions.reasonError.${problem}`, { min: REASON_MIN })}
              slotProps={{ htmlInput: { maxLength: REASON_MAX } }}
            />
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            {t('redemptions.keep')}
          </Button>
          <Button type="submit" variant="contained" color="error" loading={busy}>
            {t('redemptions.cancelConfirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
