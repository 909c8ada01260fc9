import { describe, expect, it } from 'vitest';
import { DeskError } from '../../shared/errors.js';
import { applyDraws, capTakes, drawAll, drawFifo, expiringInRun, giveBack, lifecycleDue, type Lot } from './points.js';
import { ifCancelledToday, upcomingExpiries } from './explain.js';

const lot = (id: number, earnedOn: string, amount: number, remaining = amount, withheld = 0): Lot => ({
  id,
  earnedOn,
  expiresOn: `${Number(earnedOn.slice(0, 4)) + 3}${earnedOn.slice(4)}`,
  amount,
  remaining,
  withheld,
});

describe('FIFO lots (B5, B7, B7a)', () => {
  it('spends the oldest lot first, whatever order the lots come in', () => {
    const lots = [lot(2, '2024-06-01', 3_000), lot(1, '2023-01-15', 5_000)];
    expect(drawFifo(lots, 6_000)).toEqual([
      { lotId: 1, amount: 5_000 },
      { lotId: 2, amount: 1_000 },
    ]);
  });

  it('refuses to spend more than the lots hold, with the shortfall', () => {
    const error = (() => {
      try {
        drawFifo([lot(1, '2025-01-01', 900)], 1_000);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DeskError);
    expect((error as DeskError).code).toBe('insufficient_points');
    expect((error as DeskError).details).toEqual({ balance: 900, needed: 1_000, shortfall: 100 });
  });

  it('a cancelled spend goes back to the very lots it came from (B7a)', () => {
    const lots = [lot(1, '2023-01-15', 5_000), lot(2, '2024-06-01', 3_000)];
    const draws = drawFifo(lots, 6_000);
    const after = applyDraws(lots, draws);
    expect(after.map((l) => l.remaining)).toEqual([0, 2_000]);
    expect(giveBack(after, draws)).toEqual(lots);
  });

  it('withholding moves points out of the balance and releasing brings them back (B11)', () => {
    const lots = [lot(1, '2025-01-01', 1_000)];
    const draws = drawFifo(lots, 800);
    const held = applyDraws(lots, draws, 'withhold');
    expect(held[0]).toMatchObject({ remaining: 200, withheld: 800 });
    expect(giveBack(held, draws, 'withheld')).toEqual(lots);
  });

  it('expiry takes only what is left of lots older than 3 years at the start of the run month (B5)', () => {
    const lots = [lot(1, '2023-01-15', 5_000, 0), lot(2, '2024-06-01', 3_000, 2_000), lot(3, '2024-06-02', 100)];
    expect(expiringInRun(lots, '2026-02')).toEqual([]);
    expect(expiringInRun(lots, '2027-06')).toEqual([]);
    expect(expiringInRun(lots, '2027-07')).toEqual([
      { lotId: 2, amount: 2_000 },
      { lotId: 3, amount: 100 },
    ]);
  });

  it('drawAll empties every lot, oldest first (B10 forfeit, B9 deletion)', () => {
    expect(drawAll([lot(2, '2025-01-01', 10, 4), lot(1, '2024-01-01', 10, 0), lot(3, '2023-05-05', 7)])).toEqual([
      { lotId: 3, amount: 7 },
      { lotId: 2, amount: 4 },
    ]);
  });
});

describe('cancellation lifecycle (B9)', () => {
  it('caps to 10,000 only when the balance at cancellation was higher', () => {
    expect(capTakes(25_000, 25_000)).toBe(15_000);
    expect(capTakes(25_000, 12_000)).toBe(2_000);
    expect(capTakes(25_000, 9_000)).toBe(0);
    expect(capTakes(10_000, 10_000)).toBe(0);
    expect(capTakes(8_000, 8_000)).toBe(0);
  });

  it('the cap falls due 60 days after cancellation, the deletion 3 years after, in the run whose month holds the date', () => {
    const m = { cancelledOn: '2026-03-10', balanceAtCancellation: 25_000, capAppliedOn: null, keepMembershipOn: null };
    expect(lifecycleDue(m, '2026-04')).toEqual({ cap: null, deletion: null });
    expect(lifecycleDue(m, '2026-05')).toEqual({ cap: { on: '2026-05-09' }, deletion: null });
    expect(lifecycleDue({ ...m, capAppliedOn: '2026-05-09' }, '2029-03')).toEqual({ cap: null, deletion: { on: '2029-03-10' } });
  });

  it('a keep-membership request made before the end keeps the membership; one made after does not', () => {
    const m = { cancelledOn: '2026-03-10', balanceAtCancellation: 5_000, capAppliedOn: '2026-05-09', keepMembershipOn: '2027-06-01' };
    expect(lifecycleDue(m, '2029-03').deletion).toBeNull();
    expect(lifecycleDue({ ...m, keepMembershipOn: '2029-03-10' }, '2029-03').deletion).toEqual({ on: '2029-03-10' });
  });
});

describe('balance explanation (B12b)', () => {
  it('lists the next expiries by date with the run that removes them', () => {
    const lots = [lot(1, '2024-06-01', 3_000, 2_000), lot(2, '2024-06-01', 500), lot(3, '2025-01-10', 100, 0)];
    expect(upcomingExpiries(lots, 5)).toEqual([{ expiresOn: '2027-06-01', runMonth: '2027-07', points: 2_500 }]);
  });

  it('"if you cancel today": cap date, what the cap takes and keeps, and the end date', () => {
    const lots = [lot(1, '2024-01-10', 4_000), lot(2, '2026-06-01', 21_000)];
    expect(ifCancelledToday(lots, '2026-11-21')).toEqual({
      cancelledOn: '2026-11-21',
      capOn: '2027-01-20',
      expiringBeforeCap: 0,
      capTakes: 15_000,
      keptAfterCap: 10_000,
      endsOn: '2029-11-21',
    });
    // The 2023-12-01 lot expires 2026-12-01 and goes in the run for 2027-01, the cap's run.
    expect(ifCancelledToday([lot(1, '2023-12-01', 4_000), lot(2, '2026-06-01', 9_000)], '2026-11-21')).toMatchObject({
      expiringBeforeCap: 4_000,
      capTakes: 0,
      keptAfterCap: 9_000,
    });
  });
});
