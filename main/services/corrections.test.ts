import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { createCorrection, decideCorrection, releaseWithheld } from './corrections.js';
import { checkLedger } from './invariants.js';
import { createUser } from './auth.js';

/** B11: corrections of misregistered points. */

let t: TestDesk;
let m: number;
beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  m = await t.aMember();
  await t.earn(m, 1_000, '2026-06-01');
});
afterEach(() => t.close());

const balance = (): number => t.desk.store.sqlite.prepare('SELECT balance FROM members WHERE id = ?').pluck().get(m) as number;
const codeOf = async (fn: () => unknown): Promise<string> => (await refusal(fn)).code;

describe('SPEC worked example 6 (B11)', () => {
  it('withholding 1,200 of 1,000 is refused; withholding 800 leaves 200 spendable; releasing restores 1,000', async () => {
    const sup = t.ctx('supervisor');
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'withhold', points: 1_200, reason: 'Feilregistrert', channel: 'desk' }))).toBe('negative_balance');
    expect(balance()).toBe(1_000);
    const held = await createCorrection(sup, { memberId: m, kind: 'withhold', points: 800, reason: 'Feilregistrert kjøp', channel: 'desk' });
    expect(held).toMatchObject({ status: 'booked', balance: 200 });
    expect(t.desk.store.sqlite.prepare('SELECT remaining, withheld FROM point_lots WHERE member_id = ?').get(m)).toEqual({ remaining: 200, withheld: 800 });
    const released = await releaseWithheld(sup, held.entryId as number, 'Kjøpet var riktig likevel');
    expect(released.balance).toBe(1_000);
    expect(await codeOf(() => releaseWithheld(sup, held.entryId as number, 'igjen'))).toBe('conflict');
    expect((await checkLedger(sup)).failures).toEqual([]);
  });
});

describe('corrections (B11)', () => {
  it('deletes misregistered points and reduces for unpaid invoices, never below zero, with author and reason', async () => {
    const sup = t.ctx('supervisor');
    await createCorrection(sup, { memberId: m, kind: 'correction_delete', points: 300, reason: 'Dobbeltregistrert', channel: 'desk' });
    await createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 500, reason: 'Ubetalt faktura 10023', channel: 'desk' });
    expect(balance()).toBe(200);
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 201, reason: 'Ubetalt', channel: 'desk' }))).toBe('negative_balance');
    const rows = t.desk.store.sqlite.prepare('SELECT kind, amount, reason, user_id FROM ledger_entries WHERE member_id = ? AND kind <> ? ORDER BY id').all(m, 'earn');
    expect(rows).toEqual([
      { kind: 'correction_delete', amount: -300, reason: 'Dobbeltregistrert', user_id: t.users.supervisor.id },
      { kind: 'unpaid_reduction', amount: -500, reason: 'Ubetalt faktura 10023', user_id: t.users.supervisor.id },
    ]);
  });

  it('above the threshold a second supervisor must approve; the requester cannot', async () => {
    await t.earn(m, 20_000, '2026-07-01');
    const first = t.ctx('supervisor');
    const pending = await createCorrection(first, { memberId: m, kind: 'correction_delete', points: 6_000, reason: 'Feil fil', channel: 'desk' });
    expect(pending).toMatchObject({ status: 'pending', entryId: null });
    expect(balance()).toBe(21_000);
    expect(await codeOf(() => decideCorrection(first, pending.requestId as number, true, undefined))).toBe('approval_required');
    const other = await createUser(t.ctx('admin'), { username: 'sup2', displayName: 'Sup To', role: 'supervisor', password: 'pw-sup2-123' });
    const second = { ...first, user: { id: other.id, username: other.username, displayName: other.displayName, role: other.role } };
    const approved = await decideCorrection(second, pending.requestId as number, true, 'OK');
    expect(approved).toMatchObject({ status: 'booked', balance: 15_000 });
    expect(t.desk.store.sqlite.prepare('SELECT approved_by FROM ledger_entries WHERE id = ?').pluck().get(approved.entryId)).toBe(other.id);
  });

  it('an agent may not correct points', async () => {
    const agent = await t.as('agent');
    expect(await agent.invoke('corrections.create', { memberId: m, kind: 'withhold', points: 10, reason: 'test', channel: 'desk' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(balance()).toBe(1_000);
  });
});
