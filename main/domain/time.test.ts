import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { addDays, addMonths, addMonthsToDate, addYears, daysBetween, isIsoDate, lastDayOf, osloDate, osloInstant, osloTime } from './time.js';
import { expiryDate } from './points.js';
import { expiryRunMonth } from './explain.js';

describe('Oslo calendar (B5, L3)', () => {
  it('a lot earned at 23:30 Oslo time on the last day of a month belongs to that day, in winter and summer time', () => {
    expect(osloDate(new Date('2024-01-31T22:30:00Z'))).toBe('2024-01-31'); // 23:30 CET
    expect(osloDate(new Date('2024-06-30T21:30:00Z'))).toBe('2024-06-30'); // 23:30 CEST
    // 00:30 Oslo on the 1st is still the previous day in UTC: the Oslo date wins.
    expect(osloDate(new Date('2024-05-31T22:30:00Z'))).toBe('2024-06-01');
  });

  it('B5: 29 February + 3 years is 28 February; other days keep their day', () => {
    expect(expiryDate('2024-02-29')).toBe('2027-02-28');
    expect(expiryDate('2024-02-28')).toBe('2027-02-28');
    expect(expiryDate('2023-01-31')).toBe('2026-01-31');
    expect(addYears('2028-02-29', -3)).toBe('2025-02-28');
  });

  it('B5/B6: a lot is removed by the run of the month after its expiry date, also at month ends', () => {
    expect(expiryRunMonth(expiryDate('2024-06-01'))).toBe('2027-07');
    expect(expiryRunMonth(expiryDate('2024-05-31'))).toBe('2027-06');
    expect(expiryRunMonth(expiryDate('2024-02-29'))).toBe('2027-03');
    expect(expiryRunMonth(expiryDate('2024-12-31'))).toBe('2028-01');
  });

  it('month ends, leap years included', () => {
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2027-02')).toBe('2027-02-28');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });

  it('L3: 10:00 Oslo is 09:00 UTC in winter and 08:00 UTC in summer, on both sides of the DST change', () => {
    expect(osloInstant('2027-03-26', '10:00').toISOString()).toBe('2027-03-26T09:00:00.000Z');
    expect(osloInstant('2027-03-29', '10:00').toISOString()).toBe('2027-03-29T08:00:00.000Z');
    expect(osloInstant('2026-10-26', '10:00').toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(osloTime(new Date('2027-03-28T01:30:00Z'))).toBe('03:30');
  });
});

describe('the calendar by hand equals Temporal (issue 12: no Temporal objects on the hot path)', () => {
  // A fixed pseudo-random sequence, so a failure names the same dates every run.
  let seed = 12_345;
  const next = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const day = (): string => Temporal.PlainDate.from({ year: 1950 + next(250), month: 1 + next(12), day: 1 + next(31) }, { overflow: 'constrain' }).toString();
  const edges = ['2024-02-29', '2024-02-28', '2023-02-28', '2000-02-29', '2100-02-28', '2026-01-31', '2026-12-31', '2027-03-31', '1999-12-31'];

  it('addYears, addDays, addMonths, addMonthsToDate, lastDayOf, daysBetween and isIsoDate on 3 000 dates and the edges', () => {
    const dates = [...edges, ...Array.from({ length: 3_000 }, day)];
    for (const d of dates) {
      const p = Temporal.PlainDate.from(d);
      const years = next(9) - 4;
      const days = next(2_000) - 1_000;
      const months = next(80) - 40;
      expect([d, years, addYears(d, years)]).toEqual([d, years, p.add({ years }, { overflow: 'constrain' }).toString()]);
      expect([d, days, addDays(d, days)]).toEqual([d, days, p.add({ days }).toString()]);
      expect([d, months, addMonthsToDate(d, months)]).toEqual([d, months, p.add({ months }, { overflow: 'constrain' }).toString()]);
      expect(addMonths(d.slice(0, 7), months)).toBe(Temporal.PlainYearMonth.from(d.slice(0, 7)).add({ months }).toString());
      expect(lastDayOf(d.slice(0, 7))).toBe(Temporal.PlainYearMonth.from(d.slice(0, 7)).toPlainDate({ day: 1 }).add({ months: 1 }).subtract({ days: 1 }).toString());
      const other = dates[next(dates.length)] ?? d;
      expect(daysBetween(d, other)).toBe(p.until(Temporal.PlainDate.from(other), { largestUnit: 'days' }).days);
      expect(isIsoDate(d)).toBe(true);
    }
    for (const bad of ['2023-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-01', '2026-04-00', 'abcd-ef-gh']) expect([bad, isIsoDate(bad)]).toEqual([bad, false]);
  });

  it('osloDate and osloTime match Temporal over the DST changes and 3 000 random instants', () => {
    const instants = [
      '2027-03-28T00:59:59Z', '2027-03-28T01:00:00Z', '2027-03-28T01:30:00Z', '2027-10-31T00:59:59Z', '2027-10-31T01:00:00Z', '2027-10-31T01:30:00Z',
      '2026-12-31T22:59:59Z', '2026-12-31T23:00:00Z', '2024-02-29T23:30:00Z',
    ].map((s) => new Date(s));
    for (let i = 0; i < 3_000; i += 1) instants.push(new Date(Date.UTC(2000, 0, 1) + next(2_000_000_000) * 600));
    for (const instant of instants) {
      const z = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('Europe/Oslo');
      const time = `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;
      expect([instant.toISOString(), osloDate(instant), osloTime(instant)]).toEqual([instant.toISOString(), z.toPlainDate().toString(), time]);
    }
  });
});
