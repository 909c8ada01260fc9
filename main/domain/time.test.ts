import { describe, expect, it } from 'vitest';
import { addYears, lastDayOf, osloDate, osloInstant, osloTime } from './time.js';
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
