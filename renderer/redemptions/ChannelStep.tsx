import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { isEmailAddress } from '../../shared/fields';
import { ReceivedAtField, receivedProblem, type ReceivedAt } from '../ui/ReceivedAtField';

export type OrderChannel = 'phone' | 'email';

export interface EmailFields {
  from: string;
  /** Oslo wall-clock day and time (dd.mm.åååå, tt:mm), prefilled with now when the channel becomes email. */
  received: ReceivedAt;
  subject: string;
}

export interface EmailErrors {
  from?: 'required' | 'invalid';
  /** The part of the received time that does not parse. */
  received?: 'day' | 'time';
  subject?: 'tooLong';
}

export const SUBJECT_MAX = 300;

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

export function validateEmail(fields: EmailFields): EmailErrors {
  const errors: EmailErrors = {};
  const from = normaliseEmail(fields.from);
  if (from === '') errors.from = 'required';
  else if (!isEmailAddress(from)) errors.from = 'invalid';
  const received = receivedProblem(fields.received);
  if (received !== null) errors.received = received;
  if (fields.subject.length > SUBJECT_MAX) errors.subject = 'tooLong';
  return errors;
}

/** The sender differs from the member's registered email (B7: warn clearly). */
export function senderDiffers(from: string, registered: string | null): boolean {
  const sender = normaliseEmail(from);
  return registered !== null && isEmailAddress(sender) && sender !== registered.toLowerCase();
}

interface Props {
  channel: OrderChannel;
  onChannel(channel: OrderChannel): void;
  email: EmailFields;
  onEmail(email: EmailFields): void;
  errors: EmailErrors;
  registeredEmail: string | null;
}

/** B7, step 2: the order came by phone, or by email (sender, received time in Oslo, subject). */
export function ChannelStep({ channel, onChannel, email, onEmail, errors, registeredEmail }: Props) {
  const { t } = useTranslation();
  const mismatch = channel === 'email' && senderDiffers(email.from, registeredEmail);
  return (
    <Stack spacing={2}>
      <FormControl>
        <FormLabel id="channel-label" sx={{ fontWeight: 600, color: 'text.primary', mb: 0.5 }}>
          {t('redemption.channel.question')}
        </FormLabel>
        <RadioGroup row aria-labelledby="channel-label" value={channel} onChange={(event) => onChannel(event.target.value === 'email' ? 'email' : 'phone')}>
          <FormControlLabel
            value="phone"
            control={<Radio slotProps={{ input: (channel === 'phone' ? { 'data-step-focus': true } : {}) as object }} />}
            label={t('redemption.channel.phone')}
          />
          <FormControlLabel
            value="email"
            control={<Radio slotProps={{ input: (channel === 'email' ? { 'data-step-focus': true } : {}) as object }} />}
            label={t('redemption.channel.email')}
          />
        </RadioGroup>
      </FormControl>
      {channel === 'email' ? (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: 'minmax(0, 1fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
          <TextField
            label={t('redemption.channel.from')}
            type="email"
            autoComplete="off"
            value={email.from}
            onChange={(event) => onEmail({ ...email, from: event.target.value })}
            error={errors.from !== undefined}
            helperText={errors.from === undefined ? t('redemption.channel.fromHelp', { email: registeredEmail ?? t('common.none') }) : t(`redemption.channel.error.${errors.from}`)}
            slotProps={{ htmlInput: { spellCheck: false, maxLength: 254 } }}
          />
          {/* Issue 12: the same received-time field as the held order's, prefilled with now. */}
          <ReceivedAtField
            id="redemption-received"
            value={email.received}
            onChange={(received) => onEmail({ ...email, received })}
            error={errors.received === undefined ? null : { message: t(errors.received === 'day' ? 'receivedAt.dayInvalid' : 'receivedAt.timeInvalid'), parts: [errors.received] }}
          />
          <TextField
            label={t('redemption.channel.subject')}
            autoComplete="off"
            value={email.subject}
            onChange={(event) => onEmail({ ...email, subject: event.target.value })}
            error={errors.subject !== undefined}
            helperText={errors.subject === undefined ? undefined : t('redemption.channel.error.tooLong', { max: SUBJECT_MAX })}
            sx={{ gridColumn: '1 / -1' }}
            slotProps={{ htmlInput: { maxLength: SUBJECT_MAX } }}
          />
        </Box>
      ) : null}
      {mismatch ? (
        <Alert severity="warning" data-testid="sender-mismatch">
          <AlertTitle>{t('redemption.channel.mismatchTitle')}</AlertTitle>
          {t('redemption.channel.mismatch', { from: normaliseEmail(email.from), registered: registeredEmail ?? '' })}
        </Alert>
      ) : null}
      {channel === 'email' && registeredEmail === null ? <Alert severity="info">{t('redemption.channel.noRegisteredEmail')}</Alert> : null}
    </Stack>
  );
}
