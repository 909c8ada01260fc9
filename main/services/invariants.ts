import { sql } from 'kysely';
import type { ServiceContext } from './context.js';
import { lastCompletedRun } from './ledger.js';

export interface InvariantFailure {
  memberId: number;
  memberNo: number;
  balance: number;
  ledgerSum: number;
  lotsRemaining: number;
  problem: string;
}

/** Entries that take points out of lots or give them back: each must say which lots, to the point. */
const DRAW_KINDS = ['spend', 'expire', 'cap', 'delete_after_cancel', 'forfeit', 'withhold', 'correction_delete', 'unpaid_reduction', 'spend_reversal', 'release', 'reversal'];

interface LedgerScan {
  member_id: number;
  s: number;
  bad_alloc: number;
  bad_giveback: number;
}

interface LotScan {
  member_id: number;
  s: number;
  over: number;
  negative: number;
  past: number;
}

/**
 * B12a: for every member, balance = sum of ledger amounts = sum of what remains in the lots,
 * never negative, and:
 * - no lot holds more than it was earned with (remaining + withheld <= amount) or less than
 *   nothing (remaining, withheld >= 0): withheld points never exceed what the lot can hold;
 * - no lot past its expiry still holds points, remaining or withheld (B5, B11). Measured against
 *   the cutoff of the latest completed monthly run, not today: between runs a lot that expired
 *   since may still hold points in the stored rows until the next write for that member or the
 *   next run books them (the balance shown already leaves them out, ledger.spendableBalance);
 *   a completed run has expired every lot whose expiry date is before its month's first day, and
 *   a later give-back into such a lot expires at once, so any point left there is damage;
 * - every spend (and every other entry that draws from or gives back to lots) has allocations
 *   that add up to its amount (B7a);
 * - every give-back (spend_reversal, release, and the 'reversal' of an unpaid-invoice reduction)
 *   reverses an entry of the matching kind of the same
 *   member, for the opposite amount, with the very same lots and amounts (B7a, B11).
 * Three grouped scans (ledger, lots, members), compared in Node, so a million members take
 * seconds, not a query per member; the allocation checks are index seeks from the ledger scan.
 */
export async function checkLedger(ctx: ServiceContext): Promise<{ members: number; failures: InvariantFailure[] }> {
  const db = ctx.store;
  const { kysely } = db;
  const kinds = sql.join(DRAW_KINDS.map((k) => sql.lit(k)));
  const ledger = new Map<number, LedgerScan>();
  const ledgerRows = await db.all(
    sql<LedgerScan>`
      SELECT e.member_id AS member_id,
        SUM(e.amount) AS s,
        SUM(CASE WHEN e.kind IN (${kinds}) THEN
          CASE WHEN COALESCE((SELECT SUM(a.amount) FROM lot_allocations a WHERE a.entry_id = e.id), 0) <> ABS(e.amount) THEN 1 ELSE 0 END
        ELSE 0 END) AS bad_alloc,
        SUM(CASE WHEN e.kind = 'spend_reversal' OR e.kind = 'release' OR e.kind = 'reversal' THEN
          CASE WHEN NOT EXISTS (
              SELECT 1 FROM ledger_entries x
              WHERE x.id = e.reverses_entry_id AND x.member_id = e.member_id AND x.amount = -e.amount
                AND x.kind = (CASE e.kind WHEN 'spend_reversal' THEN 'spend' WHEN 'reversal' THEN 'unpaid_reduction' ELSE 'withhold' END))
            OR EXISTS (
              SELECT 1 FROM lot_allocations a WHERE a.entry_id = e.id
                AND NOT EXISTS (SELECT 1 FROM lot_allocations b WHERE b.entry_id = e.reverses_entry_id AND b.lot_id = a.lot_id AND b.amount = a.amount))
            OR EXISTS (
              SELECT 1 FROM lot_allocations b WHERE b.entry_id = e.reverses_entry_id
                AND NOT EXISTS (SELECT 1 FROM lot_allocations a WHERE a.entry_id = e.id AND a.lot_id = b.lot_id AND a.amount = b.amount))
          THEN 1 ELSE 0 END
        ELSE 0 END) AS bad_giveback
      FROM ledger_entries e
      GROUP BY e.member_id`.compile(kysely),
  );
  for (const r of ledgerRows) ledger.set(r.member_id, { ...r, s: Number(r.s), bad_alloc: Number(r.bad_alloc), bad_giveback: Number(r.bad_giveback) });
  // With no completed run there is no cutoff yet: '' is before every date.
  const cutoff = (await lastCompletedRun(ctx.store))?.cutoff ?? '';
  const lots = new Map<number, LotScan>();
  const lotRows = await db.all(
    sql<LotScan>`
      SELECT member_id,
        SUM(remaining) AS s,
        SUM(CASE WHEN remaining + withheld > amount THEN 1 ELSE 0 END) AS over,
        SUM(CASE WHEN remaining < 0 OR withheld < 0 THEN 1 ELSE 0 END) AS negative,
        SUM(CASE WHEN expires_on < ${cutoff} AND (remaining <> 0 OR withheld <> 0) THEN 1 ELSE 0 END) AS past
      FROM point_lots
      GROUP BY member_id`.compile(kysely),
  );
  for (const r of lotRows) lots.set(r.member_id, { ...r, s: Number(r.s), over: Number(r.over), negative: Number(r.negative), past: Number(r.past) });
  const failures: InvariantFailure[] = [];
  let members = 0;
  for (const m of await db.all(kysely.selectFrom('members').select(['id', 'member_no', 'balance']).orderBy('id'))) {
    members += 1;
    const entries = ledger.get(m.id);
    const ledgerSum = entries?.s ?? 0;
    const lot = lots.get(m.id);
    const lotsRemaining = lot?.s ?? 0;
    const problems: string[] = [];
    if (m.balance < 0) problems.push('negative balance');
    if (m.balance !== ledgerSum) problems.push('balance differs from the ledger');
    if (m.balance !== lotsRemaining) problems.push('balance differs from the lots');
    if ((lot?.over ?? 0) > 0) problems.push('a lot holds more than it was earned with (withheld above what remains possible)');
    if ((lot?.negative ?? 0) > 0) problems.push('a lot holds a negative amount (remaining or withheld below zero)');
    if ((lot?.past ?? 0) > 0) problems.push(`a lot past its expiry still holds points (remaining or withheld; expired before ${cutoff})`);
    if ((entries?.bad_alloc ?? 0) > 0) problems.push('an entry’s lot allocations do not add up to its amount');
    if ((entries?.bad_giveback ?? 0) > 0) problems.push('a give-back does not match the entry it reverses');
    if (problems.length > 0) {
      failures.push({ memberId: m.id, memberNo: m.member_no, balance: m.balance, ledgerSum, lotsRemaining, problem: problems.join('; ') });
    }
  }
  return { members, failures };
}
