import type { ServiceContext } from './context.js';

export interface InvariantFailure {
  memberId: number;
  memberNo: number;
  balance: number;
  ledgerSum: number;
  lotsRemaining: number;
  problem: string;
}

/**
 * B12a: for every member, balance = sum of ledger amounts = sum of what remains in the lots,
 * never negative; and every lot holds no more than it was earned with. Three grouped scans,
 * compared in Node, so a million members take seconds, not a query per member.
 */
export function checkLedger(ctx: ServiceContext): { members: number; failures: InvariantFailure[] } {
  const { q, kysely } = ctx.store;
  const ledger = new Map<number, number>();
  for (const r of q.all(kysely.selectFrom('ledger_entries').select((eb) => ['member_id', eb.fn.sum<number>('amount').as('s')]).groupBy('member_id'))) {
    ledger.set(r.member_id, Number(r.s));
  }
  const lots = new Map<number, { remaining: number; bad: number }>();
  for (const r of q.all(
    kysely
      .selectFrom('point_lots')
      .select((eb) => [
        'member_id',
        eb.fn.sum<number>('remaining').as('s'),
        eb.fn.sum<number>(eb.case().when(eb(eb('remaining', '+', eb.ref('withheld')), '>', eb.ref('amount'))).then(1).else(0).end()).as('bad'),
      ])
      .groupBy('member_id'),
  )) {
    lots.set(r.member_id, { remaining: Number(r.s), bad: Number(r.bad) });
  }
  const failures: InvariantFailure[] = [];
  let members = 0;
  for (const m of q.all(kysely.selectFrom('members').select(['id', 'member_no', 'balance']).orderBy('id'))) {
    members += 1;
    const ledgerSum = ledger.get(m.id) ?? 0;
    const lot = lots.get(m.id) ?? { remaining: 0, bad: 0 };
    const problems: string[] = [];
    if (m.balance < 0) problems.push('negative balance');
    if (m.balance !== ledgerSum) problems.push('balance differs from the ledger');
    if (m.balance !== lot.remaining) problems.push('balance differs from the lots');
    if (lot.bad > 0) problems.push('a lot holds more than it was earned with');
    if (problems.length > 0) {
      failures.push({ memberId: m.id, memberNo: m.member_no, balance: m.balance, ledgerSum, lotsRemaining: lot.remaining, problem: problems.join('; ') });
    }
  }
  return { members, failures };
}
