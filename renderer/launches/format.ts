import { formatDay } from '../i18n/format';

/** A calendar day with its weekday in the UI language: "fredag 26.03.2027" (numbers the Norwegian way). */
export function formatWeekdayDay(isoDate: string, language: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const weekday = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nb-NO', { weekday: 'long', timeZone: 'UTC' }).format(date);
  return `${weekday} ${formatDay(isoDate) ?? isoDate}`;
}
