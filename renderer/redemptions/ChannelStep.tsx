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
import { osloLocalToIso } from './format';
import { isEmailAddress } from '../../shared/fields';

export type OrderChannel = 'phone' | 'email';

export interface EmailFields {
  from: string;
  /** datetime-local, Oslo wall-clock time. */
  received: string;
  subject: string;
}

export interface EmailErrors {
  from?: 'required' | 'invalid';
  received?: 'required' | 'invalid';
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
  if (fields.received === '') errors.received = 'required';
  else if (osloLocalToIso(fields.received) === null) errors.received = 'invalid';
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
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: 'minmax(0, 1fr) 220px' } }}>
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
          <TextField
            label={t('redemption.channel.received')}
            type="datetime-local"
            value={email.received}
            onChange={(event) => onEmail({ ...email, received: event.target.value })}
            error={errors.received !== undefined}
            helperText={errors.received === undefined ? t('redemption.channel.receivedHelp') : t(`redemption.channel.error.${errors.received}`)}
            slotProps={{ inputLabel: { shrink: true } }}
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
