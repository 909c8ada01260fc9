import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capTakes, drawAll, drawFifo, expiringInRun, fifoOrder } from '../domain/points.js';
import { addMonths } from '../domain/time.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { checkLedger } from './invariants.js';
import { bookDraw, bookEarning, bookGiveBack, entryAllocations, memberLots } from './ledger.js';

/**
 * B12a as a property: any sequence of earn, spend, cancel-spend, expire, cap, withhold, release
 * and forfeit keeps balance = sum of ledger = sum of live lots, never negative, and every spend
 * takes the oldest live lot first (B5).
 */

type Op =
  | { op: 'earn'; m: number; points: number; day: number }
  | { op: 'spend'; m: number; points: number }
  | { op: 'cancelSpend'; m: number; pick: number }
  | { op: 'expire'; m: number; monthsAhead: number }
  | { op: 'cap'; m: number }
  | { op: 'withhold'; m: number; points: number }
  | { op: 'release'; m: number; pick: number }
  | { op: 'forfeit'; m: number };

const member = fc.integer({ min: 0, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('earn' as const), m: member, points: fc.integer({ min: 1, max: 20_000 }), day: fc.integer({ min: 0, max: 1_800 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('spend' as const), m: member, points: fc.integer({ min: 1, max: 15_000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancelSpend' as const), m: member, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('expire' as const), m: member, monthsAhead: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cap' as const), m: member }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('withhold' as const), m: member, points: fc.integer({ min: 1, max: 5_000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), m: member, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('forfeit' as const), m: member }) },
);

let t: TestDesk;
beforeAll(async () => {
  t = await testDesk('2026-11-21T09:00:00Z');
});
afterAll(() => t.close());

function dayFrom(start: string, days: number): string {
  const d = new Date(`${start}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('ledger property (B5, B7a, B11, B12a)', () => {
  it('holds the invariant after every step of any sequence', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const ctx = t.ctx('supervisor');
        const { q } = ctx.store;
        const members = [t.aMember(), t.aMember(), t.aMember()];
        const spends: number[][] = [[], [], []];
        const withholds: number[][] = [[], [], []];
        for (const o of ops) {
          const id = members[o.m] as number;
          const lots = memberLots(ctx.store, id);
          const meta = { channel: 'system' as const, reason: o.op, effectiveOn: '2026-11-21' };
          q.transaction(() => {
            switch (o.op) {
              case 'earn':
                bookEarning(ctx, id, o.points, dayFrom('2021-11-01', o.day), { ...meta, channel: 'file' });
                break;
              case 'spend': {
                const balance = lots.reduce((s, l) => s + l.remaining, 0);
                if (o.points > balance) {
                  expect(() => drawFifo(lots, o.points)).toThrow();
                  break;
                }
                const draws = drawFifo(lots, o.points);
                // Oldest first: every lot before the last one drawn is emptied.
                const ordered = [...lots].filter((l) => l.remaining > 0).sort(fifoOrder);
                draws.slice(0, -1).forEach((d, i) => expect(d).toEqual({ lotId: ordered[i]?.id, amount: ordered[i]?.remaining }));
                const entry = bookDraw(ctx, id, 'spend', lots, draws, meta);
                if (entry !== null) spends[o.m]?.push(entry);
                break;
              }
              case 'cancelSpend': {
                const list = spends[o.m] ?? [];
                if (list.length === 0) break;
                const [entry] = list.splice(o.pick % list.length, 1) as [number];
                bookGiveBack(ctx, id, 'spend_reversal', lots, entryAllocations(ctx.store, entry), { ...meta, reversesEntryId: entry });
                break;
              }
              case 'expire':
                bookDraw(ctx, id, 'expire', lots, expiringInRun(lots, addMonths('2026-11', o.monthsAhead)), meta);
                break;
              case 'cap': {
                const balance = lots.reduce((s, l) => s + l.remaining, 0);
                const take = capTakes(balance, balance);
                let left = take;
                const draws = drawAll(lots).flatMap((d) => {
                  const amount = Math.min(d.amount, left);
                  left -= amount;
                  return amount > 0 ? [{ lotId: d.lotId, amount }] : [];
                });
                bookDraw(ctx, id, 'cap', lots, draws, meta);
                break;
              }
              case 'withhold': {
                const balance = lots.reduce((s, l) => s + l.remaining, 0);
                if (o.points > balance) break;
                const entry = bookDraw(ctx, id, 'withhold', lots, drawFifo(lots, o.points), meta);
                if (entry !== null) withholds[o.m]?.push(entry);
                break;
              }
              case 'release': {
                const list = withholds[o.m] ?? [];
                if (list.length === 0) break;
                const [entry] = list.splice(o.pick % list.length, 1) as [number];
                bookGiveBack(ctx, id, 'release', lots, entryAllocations(ctx.store, entry), { ...meta, reversesEntryId: entry });
                break;
              }
              case 'forfeit':
                bookDraw(ctx, id, 'forfeit', lots, drawAll(lots), meta);
                break;
            }
          });
          const check = checkLedger(ctx);
          expect(check.failures).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
