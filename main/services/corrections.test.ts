import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { createCorrection, decideCorrection, giveBackReduction, memberCorrections, pendingCorrections, previewCorrection, releaseWithheld } from './corrections.js';
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

const invoice = (no: string, status: 'open' | 'paid' | 'unpaid' = 'unpaid'): number =>
  Number(
    t.desk.store.sqlite
      .prepare("INSERT INTO invoices (member_id, invoice_no, amount_ore, issued_on, due_on, status, paid_on) VALUES (?, ?, 49900, '2026-09-01', '2026-09-15', ?, NULL)")
      .run(m, no, status).lastInsertRowid,
  );
const pay = (id: number): void => {
  t.desk.store.sqlite.prepare("UPDATE invoices SET status = 'paid', paid_on = '2026-11-20' WHERE id = ?").run(id);
};
const ledgerCount = (): number => t.desk.store.sqlite.prepare('SELECT COUNT(*) FROM ledger_entries').pluck().get() as number;
const auditCount = (): number => t.desk.store.sqlite.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
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
    await createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 500, reason: 'Ubetalt faktura 10023', channel: 'desk', invoiceId: invoice('10023') });
    expect(balance()).toBe(200);
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 201, reason: 'Ubetalt', channel: 'desk', invoiceId: invoice('10024') }))).toBe('negative_balance');
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

  it('the role table: agents reach none of the correction channels; a manager reads the member\'s corrections but changes nothing', async () => {
    const agent = await t.as('agent');
    const inv = invoice('F-ROLE');
    for (const [name, input] of [
      ['corrections.preview', { memberId: m, kind: 'withhold', points: 10, channel: 'desk' }],
      ['corrections.member', { memberId: m }],
      ['corrections.giveBack', { reductionEntryId: 1 }],
      ['corrections.decide', { requestId: 1, approve: true }],
    ] as const) {
      expect([name, await agent.invoke(name, input)]).toMatchObject([name, { ok: false, error: { code: 'forbidden' } }]);
    }
    const manager = await t.as('manager');
    expect(await manager.invoke('corrections.member', { memberId: m })).toMatchObject({ ok: true, value: { invoices: [{ id: inv, status: 'unpaid' }] } });
    expect(await manager.invoke('corrections.create', { memberId: m, kind: 'manual_credit', points: 10, reason: 'test', reasonCategory: 'goodwill', caseRef: 'K-1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await manager.invoke('corrections.preview', { memberId: m, kind: 'withhold', points: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(balance()).toBe(1_000);
  });

  it('bad input is refused by the contract before any service runs: no points, an unknown kind, a reason too short, a case reference on its own', async () => {
    const sup = await t.as('supervisor');
    const [ledger, audits] = [ledgerCount(), auditCount()];
    for (const input of [
      { memberId: m, kind: 'withhold', points: 0, reason: 'Feil', channel: 'desk' },
      { memberId: m, kind: 'steal', points: 10, reason: 'Feil', channel: 'desk' },
      { memberId: m, kind: 'withhold', points: 10, reason: 'x', channel: 'desk' },
      { memberId: m, kind: 'manual_credit', points: 10, reason: 'Beklager', reasonCategory: 'bribe', caseRef: 'K-1' },
    ]) {
      expect(await sup.invoke('corrections.create', input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect([ledgerCount(), auditCount(), balance()]).toEqual([ledger, audits, 1_000]);
  });
});

describe('the supervisor\'s corrections from the member page (B11, issue 13)', () => {
  it('previews the effect (balance now → after, lots touched, the largest amount) and writes nothing', async () => {
    await t.earn(m, 400, '2026-08-01');
    const sup = t.ctx('supervisor');
    const [ledger, audits] = [ledgerCount(), auditCount()];
    const effect = await previewCorrection(sup, { memberId: m, kind: 'correction_delete', points: 1_200, reason: 'Feil', channel: 'desk' });
    expect(effect).toMatchObject({ balanceBefore: 1_400, balanceAfter: 200, maxPoints: 1_400, needsApproval: false, threshold: 5_000 });
    // Oldest first: all of the June lot, 200 of the August lot.
    expect(effect.lots.map((l) => [l.earnedOn, l.points, l.remainingAfter])).toEqual([
      ['2026-06-01', -1_000, 0],
      ['2026-08-01', -200, 200],
    ]);
    const tooMuch = await previewCorrection(sup, { memberId: m, kind: 'withhold', points: 2_000, reason: 'Feil', channel: 'desk' });
    expect(tooMuch).toMatchObject({ balanceAfter: 1_400, maxPoints: 1_400, lots: [] });
    const credit = await previewCorrection(sup, { memberId: m, kind: 'manual_credit', points: 6_000, reason: 'Beklager', channel: 'phone', reasonCategory: 'goodwill', caseRef: 'K-1' });
    expect(credit).toMatchObject({ balanceBefore: 1_400, balanceAfter: 7_400, needsApproval: true, maxPoints: null });
    expect(credit.lots[0]).toMatchObject({ lotId: null, earnedOn: '2026-11-21', expiresOn: '2029-11-21', points: 6_000 });
    expect([ledgerCount(), auditCount()]).toEqual([ledger, audits]);
    expect(balance()).toBe(1_400);
  });

  it('refuses the largest amount exceeded with the amount allowed, and a manual kind without its reason or case', async () => {
    const sup = t.ctx('supervisor');
    const [ledger, audits] = [ledgerCount(), auditCount()];
    const refused = await refusal(() => createCorrection(sup, { memberId: m, kind: 'manual_debit', points: 1_001, reason: 'Feil', channel: 'desk', reasonCategory: 'earlier_entry', caseRef: 'K-9' }));
    expect(refused).toMatchObject({ code: 'negative_balance', details: { max: 1_000 } });
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'manual_credit', points: 10, reason: 'Beklager', channel: 'desk' }))).toBe('invalid_input');
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'withhold', points: 10, reason: 'Feil', channel: 'desk', caseRef: 'K-2' }))).toBe('invalid_input');
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 10, reason: 'Ubetalt', channel: 'desk' }))).toBe('invalid_input');
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 10, reason: 'Betalt', channel: 'desk', invoiceId: invoice('F-PAID', 'paid') }))).toBe('invalid_transition');
    expect([ledgerCount(), auditCount(), balance()]).toEqual([ledger, audits, 1_000]);
  });

  it('credits and debits by hand with the reason from the list and the case reference; the credit is a lot that expires in 3 years (B5)', async () => {
    const sup = t.ctx('supervisor');
    const credit = await createCorrection(sup, { memberId: m, kind: 'manual_credit', points: 250, reason: 'Forsinket pakke', channel: 'phone', reasonCategory: 'complaint', caseRef: 'K-42' });
    expect(credit).toMatchObject({ status: 'booked', balance: 1_250 });
    const debit = await createCorrection(sup, { memberId: m, kind: 'manual_debit', points: 100, reason: 'Bokført to ganger', channel: 'desk', reasonCategory: 'earlier_entry', caseRef: 'K-43' });
    expect(debit.balance).toBe(1_150);
    const rows = t.desk.store.sqlite.prepare('SELECT kind, amount, reason, reason_code, reason_params FROM ledger_entries WHERE id IN (?, ?) ORDER BY id').all(credit.entryId, debit.entryId);
    expect(rows).toEqual([
      { kind: 'correction_add', amount: 250, reason: 'Forsinket pakke', reason_code: 'manual_credit', reason_params: '{"category":"complaint","caseRef":"K-42"}' },
      { kind: 'correction_delete', amount: -100, reason: 'Bokført to ganger', reason_code: 'manual_debit', reason_params: '{"category":"earlier_entry","caseRef":"K-43"}' },
    ]);
    expect(t.desk.store.sqlite.prepare('SELECT earned_on, expires_on, amount FROM point_lots WHERE entry_id = ?').get(credit.entryId)).toEqual({ earned_on: '2026-11-21', expires_on: '2029-11-21', amount: 250 });
    const audited = t.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'corrections.manual_credit'").pluck().get() as string;
    expect(JSON.parse(audited)).toMatchObject({ caseRef: 'K-42', reasonCategory: 'complaint', before: { balance: 1_000 }, after: { balance: 1_250 } });
    expect((await checkLedger(sup)).failures).toEqual([]);
  });

  it('reduces for an unpaid invoice (named), once; after payment the desk offers the give-back, which returns the points to the same lots', async () => {
    const sup = t.ctx('supervisor');
    const inv = invoice('F-2001');
    const reduced = await createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 300, reason: 'Purret to ganger', channel: 'desk', invoiceId: inv });
    expect(reduced.balance).toBe(700);
    expect(await codeOf(() => createCorrection(sup, { memberId: m, kind: 'unpaid_reduction', points: 50, reason: 'Igjen', channel: 'desk', invoiceId: inv }))).toBe('conflict');
    let view = await memberCorrections(sup, m);
    expect(view.invoices[0]).toMatchObject({ invoiceNo: 'F-2001', status: 'unpaid', reductionEntryId: reduced.entryId, reducedPoints: 300, offerGiveBack: false });
    expect(await codeOf(() => giveBackReduction(sup, reduced.entryId as number, undefined))).toBe('invalid_transition');
    pay(inv);
    view = await memberCorrections(sup, m);
    expect(view.invoices[0]).toMatchObject({ status: 'paid', offerGiveBack: true });
    const back = await giveBackReduction(sup, reduced.entryId as number, undefined);
    expect(back.balance).toBe(1_000);
    expect(t.desk.store.sqlite.prepare('SELECT kind, amount, reverses_entry_id AS r, reason_code FROM ledger_entries WHERE id = ?').get(back.entryId)).toEqual({ kind: 'reversal', amount: 300, r: reduced.entryId, reason_code: 'invoice_paid' });
    expect((await memberCorrections(sup, m)).invoices[0]).toMatchObject({ givenBack: true, offerGiveBack: false });
    expect(await codeOf(() => giveBackReduction(sup, reduced.entryId as number, undefined))).toBe('conflict');
    expect((await checkLedger(sup)).failures).toEqual([]);
  });

  it('lists withholdings with what can be released, and a pending request with its effect; approval books the very lot and invoice asked for', async () => {
    await t.earn(m, 20_000, '2026-07-01');
    const sup = t.ctx('supervisor');
    const lots = (await memberCorrections(sup, m)).lots;
    const july = lots.find((l) => l.earnedOn === '2026-07-01');
    expect(july).toBeDefined();
    const held = await createCorrection(sup, { memberId: m, kind: 'withhold', points: 300, reason: 'Feilregistrert', channel: 'desk', lotId: july?.id });
    const big = await createCorrection(sup, { memberId: m, kind: 'withhold', points: 6_000, reason: 'Feil fil i juli', channel: 'desk', lotId: july?.id });
    expect(big.status).toBe('pending');
    const view = await memberCorrections(sup, m);
    expect(view.withholdings).toEqual([expect.objectContaining({ entryId: held.entryId, points: 300, releasable: 300 })]);
    expect(view.pending).toEqual([expect.objectContaining({ kind: 'withhold', points: 6_000, lotId: july?.id, balanceNow: 20_700, balanceAfter: 14_700 })]);
    const other = await createUser(t.ctx('admin'), { username: 'sup3', displayName: 'Sup Tre', role: 'supervisor', password: 'pw-sup3-123' });
    const second = { ...sup, user: { id: other.id, username: other.username, displayName: other.displayName, role: other.role } };
    const approved = await decideCorrection(second, big.requestId as number, true, 'Sjekket');
    expect(approved.balance).toBe(14_700);
    expect(t.desk.store.sqlite.prepare('SELECT lot_id FROM lot_allocations WHERE entry_id = ?').pluck().all(approved.entryId)).toEqual([july?.id]);
    expect(await pendingCorrections(sup)).toEqual([]);
  });

  it('a request whose effect is no longer possible is refused at approval with the reason, and stays pending', async () => {
    await t.earn(m, 9_000, '2026-07-01');
    const sup = t.ctx('supervisor');
    const big = await createCorrection(sup, { memberId: m, kind: 'manual_debit', points: 8_000, reason: 'Feil', channel: 'desk', reasonCategory: 'earlier_entry', caseRef: 'K-5' });
    await createCorrection(sup, { memberId: m, kind: 'correction_delete', points: 4_000, reason: 'Annen feil', channel: 'desk' });
    const other = await createUser(t.ctx('admin'), { username: 'sup4', displayName: 'Sup Fire', role: 'supervisor', password: 'pw-sup4-123' });
    const second = { ...sup, user: { id: other.id, username: other.username, displayName: other.displayName, role: other.role } };
    const refused = await refusal(() => decideCorrection(second, big.requestId as number, true, undefined));
    expect(refused).toMatchObject({ code: 'negative_balance', details: { balance: 6_000, max: 6_000 } });
    expect((await pendingCorrections(sup)).map((r) => r.id)).toEqual([big.requestId]);
    expect(balance()).toBe(6_000);
  });
});
