import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { describeError } from '../i18n/errors';
import { ContactChannelField, REASON_MAX, REASON_MIN, reasonProblem, type ContactChannel } from '../ui/agent-fields';

export interface MemberActionValues {
  channel: ContactChannel;
  reason: string;
}

interface Props {
  id: string;
  title: string;
  /** What the write means for the member, above the fields. */
  intro: ReactNode;
  submitLabel: string;
  danger?: boolean;
  defaultReason?: string;
  /** A checkbox the agent must tick before the write (B10: the member was told). */
  acknowledge?: string | undefined;
  onClose(): void;
  onSubmit(values: MemberActionValues): Promise<void>;
}

/**
 * The shape of the membership writes taken from a caller (opt-out B10, keep-membership B9,
 * rejoin): how they got in touch, why, and — where the rule asks — that they were told.
 */
export function MemberActionDialog({ id, title, intro, submitLabel, danger = false, defaultReason = '', acknowledge, onClose, onSubmit }: Props) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [reason, setReason] = useState(defaultReason);
  const [acknowledged, setAcknowledged] = useState(false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const reasonError = tried ? reasonProblem(reason) : null;
  const ackError = tried && acknowledge !== undefined && !acknowledged;

  const submit = async (): Promise<void> => {
    setTried(true);
    if (reasonProblem(reason) !== null || (acknowledge !== undefined && !acknowledged)) {
      window.setTimeout(() => document.querySelector<HTMLElement>(`#${id} [aria-invalid=true], #${id}-ack`)?.focus(), 0);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit({ channel, reason: reason.trim() });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <Dialog open fullWidth maxWidth="sm" onClose={() => !busy && onClose()} aria-labelledby={`${id}-title`}>
      <form
        id={id}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        onKeyDown={(event) => {
          // Enter on the checkbox or a radio submits too.
          const target = event.target;
          if (event.key === 'Enter' && target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) {
            event.preventDefault();
            event.currentTarget.requestSubmit();
          }
        }}
      >
        <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            {intro}
            {failure === null ? null : <Alert severity="error">{describeError(t, failure)}</Alert>}
            <ContactChannelField id={`${id}-channel`} value={channel} onChange={setChannel} autoFocus />
            <TextField
              label={t('memberActions.reason')}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              multiline
              minRows={2}
              error={reasonError !== null}
              helperText={reasonError === null ? t('memberActions.reasonHelp') : t(`memberActions.reasonError.${reasonError}`, { min: REASON_MIN })}
              slotProps={{ htmlInput: { maxLength: REASON_MAX } }}
            />
            {acknowledge === undefined ? null : (
              <div>
                <FormControlLabel
                  control={
                    <Checkbox
                      checked={acknowledged}
                      onChange={(event) => setAcknowledged(event.target.checked)}
                      slotProps={{ input: { id: `${id}-ack`, 'aria-invalid': ackError, 'aria-describedby': ackError ? `${id}-ack-error` : undefined } as object }}
                    />
                  }
                  label={acknowledge}
                  sx={{ alignItems: 'flex-start', '& .MuiFormControlLabel-label': { pt: 1, fontWeight: 600 } }}
                />
                {ackError ? (
                  <FormHelperText id={`${id}-ack-error`} error sx={{ ml: 4 }}>
                    {t('memberActions.mustAcknowledge')}
                  </FormHelperText>
                ) : null}
              </div>
            )}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" color={danger ? 'error' : 'primary'} loading={busy}>
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
