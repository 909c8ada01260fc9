import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskError } from '../../shared/errors.js';
import { noteReason } from '../../shared/reasons.js';
import { capTakes, drawAll, drawFifo, isPastExpiry, liveLots } from '../domain/points.js';
import { addMonths, firstDayOf, monthOf, osloDate } from '../domain/time.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { releaseWithheld } from './corrections.js';
import { explainBalance } from './explain.js';
import { checkLedger } from './invariants.js';
import { bookDraw, bookEarning, bookGiveBack, entryAllocations, expireDue, expireLots, lastCompletedRun, memberLots, spendableBalance } from './ledger.js';
import { optOut, rejoin } from './lifecycle.js';

/**
 * B12a as a property: any sequence of earn, spend, cancel-spend (also after the lot expired),
 * the clock moving on, monthly runs (expiry, B5/B11), cap, withhold, release (also across expiry),
 * opt-out and re-join (B10) keeps, after every step, for the members of the sequence:
 * - the strengthened check (balance = ledger = lots, never negative, nothing left in lots past
 *   the last run's cutoff, no lot over-full, allocations add up, give-backs match);
 * - spends take the oldest live lot first and never a lot past its expiry (B5);
 * - the balance shown never counts points past their expiry, and the explanation adds up to it
 *   and lists no expiry whose date has passed or whose run is done (B5, B12b);
 * - what a member held when they opted out never comes back, also after a re-join (B10).
 */

type Op =
  | { op: 'earn'; m: number; points: number; day: number }
  | { op: 'spend'; m: number; points: number }
  | { op: 'cancelSpend'; m: number; pick: number }
  | { op: 'advance'; days: number }
  | { op: 'run' }
  | { op: 'cap'; m: number }
  | { op: 'withhold'; m: number; points: number }
  | { op: 'release'; m: number; pick: number }
  | { op: 'optOut'; m: number }
  | { op: 'rejoin'; m: number };

const member = fc.integer({ min: 0, max: 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('earn' as const), m: member, points: fc.integer({ min: 1, max: 20_000 }), day: fc.integer({ min: 0, max: 1_800 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('spend' as const), m: member, points: fc.integer({ min: 1, max: 15_000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancelSpend' as const), m: member, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('run' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cap' as const), m: member }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('withhold' as const), m: member, points: fc.integer({ min: 1, max: 5_000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), m: member, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('optOut' as const), m: member }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rejoin' as const), m: member }) },
);

const START = '2026-11-21T09:00:00Z';
let t: TestDesk;
beforeAll(async () => {
  t = await testDesk(START);
});
afterAll(() => t.close());

function dayFrom(start: string, days: number): string {
  const d = new Date(`${start}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Refusals a release may meet by the rules; anything else is a failure. */
const releaseRefusals = new Set(['conflict', 'withholding_expired', 'withholding_forfeited']);

describe('ledger property (B5, B7a, B10, B11, B12a)', () => {
  it('B12a: holds the strengthened invariant after every step of any sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40, size: 'max' }), async (ops) => {
        // Each sequence starts at the same day with no run done; earlier members are left out of the check.
        t.clock.set(START);
        t.desk.store.sqlite.prepare('DELETE FROM monthly_runs').run();
        const ctx = t.ctx('supervisor');
        const agent = t.ctx('agent');
        const q = ctx.store;
        const members = [await t.aMember(), await t.aMember()];
        const spends: number[][] = [[], []];
        // B10: lots a member held when they opted out; they must hold nothing ever after.
        const dead = new Set<number>();
        const stateOf = (id: number): string => t.desk.store.sqlite.prepare('SELECT state FROM members WHERE id = ?').pluck().get(id) as string;
        for (const o of ops) {
          const today = osloDate(t.clock.now());
          const meta = { channel: 'system' as const, reason: noteReason(o.op), effectiveOn: today };
          if (o.op === 'advance') {
            t.clock.advance(o.days * 86_400_000);
          } else if (o.op === 'run') {
            // The monthly run for last month: its expiry step for these members (B5, B11).
            const month = addMonths(monthOf(today), -1);
            await q.transaction(async () => {
              t.desk.store.sqlite
                .prepare("INSERT OR IGNORE INTO monthly_runs (month, status, started_at, finished_at) VALUES (?, 'done', ?, ?)")
                .run(month, START, START);
              for (const id of members) await expireLots(ctx, id, firstDayOf(month), { ...meta, effectiveOn: firstDayOf(month) });
            });
          } else if (o.op === 'optOut') {
            const id = members[o.m] as number;
            if (stateOf(id) !== 'opted_out') {
              const held = await memberLots(ctx.store, id);
              const { forfeited } = await optOut(agent, id, { channel: 'phone', reason: 'property', memberInformed: true });
              // Everything live, withheld included, is forfeited (B10); what is past expiry expires (B5).
              const live = liveLots(held, today);
              expect(forfeited).toBe(live.reduce((s, l) => s + l.remaining + l.withheld, 0));
              for (const l of held) dead.add(l.id);
            }
          } else if (o.op === 'rejoin') {
            const id = members[o.m] as number;
            if (stateOf(id) === 'opted_out') {
              await rejoin(agent, id, { channel: 'phone', reason: 'property' });
              // B10: a re-join starts from zero.
              expect(await spendableBalance(ctx.store, id, t.desk.store.sqlite.prepare('SELECT balance FROM members WHERE id = ?').pluck().get(id) as number, today)).toBe(0);
            }
          } else if (o.op === 'release') {
            const id = members[o.m] as number;
            const ids = t.desk.store.sqlite.prepare("SELECT id FROM ledger_entries WHERE member_id = ? AND kind = 'withhold' ORDER BY id").pluck().all(id) as number[];
            const pick = ids[o.pick % Math.max(1, ids.length)];
            if (pick !== undefined) {
              try {
                await releaseWithheld(ctx, pick, 'property');
              } catch (error) {
                if (!(error instanceof DeskError) || !releaseRefusals.has(error.code)) throw error;
              }
            }
          } else {
            const id = members[o.m] as number;
            await q.transaction(async () => {
              switch (o.op) {
                case 'earn': {
                  // B10: an opted-out member earns nothing (the run closes the row with no entry).
                  if (stateOf(id) === 'opted_out') break;
                  await bookEarning(ctx, id, o.points, dayFrom('2021-11-01', o.day), { ...meta, channel: 'file' });
                  // Earnings arrive through a run, whose expiry step follows: a lot already past
                  // the last run's cutoff is expired by that step (as bookEarnings + bookExpiry do).
                  const run = await lastCompletedRun(ctx.store);
                  if (run !== null) await expireLots(ctx, id, run.cutoff, meta);
                  break;
                }
                case 'spend': {
                  // The caller's lots may still hold expired points: the booking must not take them.
                  const lots = await memberLots(ctx.store, id);
                  const live = liveLots(lots, today);
                  const balance = live.reduce((s, l) => s + l.remaining, 0);
                  const stored = lots.reduce((s, l) => s + l.remaining, 0);
                  if (o.points > balance) {
                    // Enough only with the expired points counted: refused (B5).
                    if (o.points <= stored) await expect(q.transaction(() => bookDraw(ctx, id, 'spend', lots, drawFifo(lots, o.points), meta))).rejects.toThrow(DeskError);
                    break;
                  }
                  // Drawn FIFO over the caller's (possibly stale) lots, as a booking might.
                  const stale = drawFifo(lots, o.points);
                  const entry = await bookDraw(ctx, id, 'spend', lots, stale, meta);
                  if (entry === null) break;
                  spends[o.m]?.push(entry);
                  // B5: oldest live lot first, never a lot past its expiry.
                  expect(await entryAllocations(ctx.store, entry)).toEqual([...drawFifo(live, o.points)].sort((a, b) => a.lotId - b.lotId));
                  break;
                }
                case 'cancelSpend': {
                  const list = spends[o.m] ?? [];
                  if (list.length === 0) break;
                  const [entry] = list.splice(o.pick % list.length, 1) as [number];
                  await bookGiveBack(ctx, id, 'spend_reversal', await memberLots(ctx.store, id), await entryAllocations(ctx.store, entry), { ...meta, reversesEntryId: entry });
                  // B5: nothing that came back counts in a lot past its expiry.
                  expect((await memberLots(ctx.store, id)).filter((l) => isPastExpiry(l, today) && l.remaining > 0)).toEqual([]);
                  break;
                }
                case 'cap': {
                  await expireDue(ctx, id);
                  const lots = await memberLots(ctx.store, id);
                  const balance = lots.reduce((s, l) => s + l.remaining, 0);
                  let left = capTakes(balance, balance);
                  const draws = drawAll(lots).flatMap((d) => {
                    const amount = Math.min(d.amount, left);
                    left -= amount;
                    return amount > 0 ? [{ lotId: d.lotId, amount }] : [];
                  });
                  await bookDraw(ctx, id, 'cap', lots, draws, meta);
                  break;
                }
                case 'withhold': {
                  // As corrections do: what is past its expiry expires first (B5).
                  await expireDue(ctx, id);
                  const lots = await memberLots(ctx.store, id);
                  const balance = lots.reduce((s, l) => s + l.remaining, 0);
                  if (o.points > balance) break;
                  await bookDraw(ctx, id, 'withhold', lots, drawFifo(lots, o.points), meta);
                  break;
                }
              }
            });
          }
          const now = osloDate(t.clock.now());
          const check = await checkLedger(ctx);
          expect(check.failures.filter((f) => members.includes(f.memberId))).toEqual([]);
          const lastRun = (await lastCompletedRun(ctx.store))?.month ?? null;
          for (const id of members) {
            const lots = await memberLots(ctx.store, id);
            const stored = t.desk.store.sqlite.prepare('SELECT balance FROM members WHERE id = ?').pluck().get(id) as number;
            const shown = await spendableBalance(ctx.store, id, stored, now);
            // B5: the balance shown is exactly what the live lots hold.
            expect(shown).toBe(liveLots(lots, now).reduce((s, l) => s + l.remaining, 0));
            // B12b: the story adds up to the balance shown; no expiry "coming" that has passed or was run.
            const { story, nextExpiries } = await explainBalance(ctx, id);
            const { balance, withheldNow, ...parts } = story;
            expect(Object.values(parts).reduce((s, v) => s + v, 0)).toBe(balance);
            expect(balance).toBe(shown);
            expect(withheldNow).toBe(liveLots(lots, now).reduce((s, l) => s + l.withheld, 0));
            for (const e of nextExpiries) {
              expect(e.expiresOn >= now).toBe(true);
              if (lastRun !== null) expect(e.runMonth > lastRun).toBe(true);
            }
            // B10: nothing from before an opt-out ever returns.
            expect(lots.filter((l) => dead.has(l.id))).toEqual([]);
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});
