import { useTranslation } from 'react-i18next';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';

export type ContactChannel = 'phone' | 'email';

/** The contract's reasons: 3 to 500 characters after trimming. */
export const REASON_MIN = 3;
export const REASON_MAX = 500;

export function reasonProblem(reason: string): 'required' | 'short' | null {
  const text = reason.trim();
  if (text === '') return 'required';
  if (text.length < REASON_MIN) return 'short';
  return null;
}

/** How the member got in touch: by phone or by email (recorded with the write, B12a). */
export function ContactChannelField({ id, value, onChange, autoFocus = false }: { id: string; value: ContactChannel; onChange(value: ContactChannel): void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <FormControl>
      <FormLabel id={`${id}-label`} sx={{ fontWeight: 600, color: 'text.primary' }}>
        {t('memberActions.channel')}
      </FormLabel>
      <RadioGroup row aria-labelledby={`${id}-label`} value={value} onChange={(event) => onChange(event.target.value === 'email' ? 'email' : 'phone')}>
        <FormControlLabel value="phone" control={<Radio autoFocus={autoFocus && value === 'phone'} />} label={t('redemption.channel.phone')} />
        <FormControlLabel value="email" control={<Radio autoFocus={autoFocus && value === 'email'} />} label={t('redemption.channel.email')} />
      </RadioGroup>
    </FormControl>
  );
}
