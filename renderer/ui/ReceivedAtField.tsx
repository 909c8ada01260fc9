import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import FormHelperText from '@mui/material/FormHelperText';
import TextField from '@mui/material/TextField';
import { isoToNorwegianDay, normaliseTime, norwegianDayToIso, osloWallTime, osloWallToInstant } from '../../shared/oslo-time';

/**
 * When an email order came in, typed the Norwegian way in Oslo wall-clock time: the day as
 * dd.mm.åååå and the time as tt:mm (24 hours), in plain text fields — the browser's own date
 * pickers follow the machine's locale (01/22/2027, 09:30 AM), not the desk's. One field for both
 * email-order forms: the email redemption (B7) and the held order (L3).
 */
export interface ReceivedAt {
  day: string;
  time: string;
}

export type ReceivedPart = 'day' | 'time';

/** An instant (ms, the desk's clock) as the two fields: "22.01.2027", "09:30". */
export function receivedAtFrom(ms: number): ReceivedAt {
  const wall = osloWallTime(ms);
  return { day: isoToNorwegianDay(wall.slice(0, 10)), time: wall.slice(11, 16) };
}

/** The fields as an ISO instant, or null while either does not parse. */
export function receivedInstant(value: ReceivedAt): string | null {
  const day = norwegianDayToIso(value.day);
  const time = normaliseTime(value.time);
  return day === null || time === null ? null : osloWallToInstant(`${day}T${time}`);
}

/** The first part that does not parse (the day before the time), or null. */
export function receivedProblem(value: ReceivedAt): ReceivedPart | null {
  if (norwegianDayToIso(value.day) === null) return 'day';
  if (normaliseTime(value.time) === null) return 'time';
  return null;
}

/** What is wrong, said once under both fields, and the fields it is about (marked invalid). */
export interface ReceivedError {
  message: string;
  parts: readonly ReceivedPart[];
}

interface Props {
  /** Prefix of the fields' ids. */
  id: string;
  value: ReceivedAt;
  onChange(value: ReceivedAt): void;
  onBlur?(): void;
  error?: ReceivedError | null;
  /** Said under the fields when nothing is wrong (default: the format). */
  help?: string | undefined;
  /** The day field (to put the focus there). */
  dayRef?: Ref<HTMLInputElement>;
}

/** The day and the time side by side, with one line under them for the format or what is wrong. */
export function ReceivedAtField({ id, value, onChange, onBlur, error = null, help, dayRef }: Props) {
  const { t } = useTranslation();
  const helpId = `${id}-help`;
  const invalid = (part: ReceivedPart): boolean => error !== null && error.parts.includes(part);
  const slots = (part: ReceivedPart) => ({
    htmlInput: { inputMode: 'numeric' as const, 'aria-describedby': helpId, spellCheck: false, maxLength: part === 'day' ? 10 : 5 },
    // The value is set by the form too (prefilled with now): the label always sits above it.
    inputLabel: { shrink: true },
  });
  return (
    <Box>
      {/* The fields keep their size; the line under them may use the whole width (a refusal is a sentence). */}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 112px', gap: 1, maxWidth: 320 }}>
        <TextField
          id={`${id}-day`}
          label={t('receivedAt.day')}
          autoComplete="off"
          value={value.day}
          onChange={(event) => onChange({ ...value, day: event.target.value })}
          onBlur={onBlur}
          error={invalid('day')}
          inputRef={dayRef}
          slotProps={slots('day')}
        />
        <TextField
          id={`${id}-time`}
          label={t('receivedAt.time')}
          autoComplete="off"
          value={value.time}
          onChange={(event) => onChange({ ...value, time: event.target.value })}
          onBlur={onBlur}
          error={invalid('time')}
          slotProps={slots('time')}
        />
      </Box>
      <FormHelperText id={helpId} error={error !== null} data-testid={`${id}-help`} sx={{ mx: 1.75 }}>
        {error?.message ?? help ?? t('receivedAt.help')}
      </FormHelperText>
    </Box>
  );
}
