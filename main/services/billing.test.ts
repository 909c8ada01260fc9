import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open.js';
import { refusal } from '../testing/refusal.js';
import { TEST_PASSWORD_N, testDesk, type TestDesk } from '../testing/test-desk.js';
import { openDesk } from '../desk.js';
import { applyBillingFile, listBillingConflicts, listBillingFiles, previewBillingFile, resolveBillingConflict, type BillingHooks } from './billing.js';
import { updateContact } from './contact.js';
import { createCorrection, memberCorrections } from './corrections.js';
import { checkLedger } from './invariants.js';
import { jobFinished } from './jobs.js';
import { cancelSubscription, optOut } from './lifecycle.js';

/**
 * D1–D3 (issue 14) on a real SQLite file: what each row of the billing feed does (D2), the
 * conflicts with an agent's later change (D3), never twice, and never half a row.
 */

const NOW = '2026-11-05T09:00:00.000Z';
const CUSTOMERS = 'member_no;first_name;last_name;address;postcode;city;email;phone;birth_date';
const SUBSCRIPTIONS = 'member_no;subscription_id;product;start_date;cancellation_date;next_delivery_date';
const INVOICES = 'member_no;invoice_no;invoice_date;amount_ore;due_date;paid_date';

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk(NOW);
});
afterEach(() => t.close());

const sql = () => t.desk.store.sqlite;
const file = (header: string, ...rows: string[]): string => [header, ...rows].join('\n') + '\n';

async function apply(kind: 'customers' | 'subscriptions' | 'invoices', fileName: string, content: string, hooks?: BillingHooks) {
  return await applyBillingFile(t.ctx('supervisor'), { kind, fileName, source: { content } }, hooks);
}

async function preview(kind: 'customers' | 'subscriptions' | 'invoices', fileName: string, content: string) {
  return await previewBillingFile(t.ctx('supervisor'), { kind, fileName, source: { content } });
}

function memberByNo(no: number): { id: number; state: string; balance: number; cancelled_on: string | null; balance_at_cancellation: number | null; enrolled_on: string; phone: string | null; address: string | null; first_name: string } | undefined {
  return sql().prepare('SELECT id, state, balance, cancelled_on, balance_at_cancellation, enrolled_on, phone, address, first_name FROM members WHERE member_no = ?').get(no) as never;
}

function events(memberId: number): { kind: string; on_date: string; reason_code: string; channel: string }[] {
  return sql().prepare('SELECT kind, on_date, reason_code, channel FROM membership_events WHERE member_id = ? ORDER BY id').all(memberId) as never;
}

const NEW_CUSTOMERS = file(
  CUSTOMERS,
  '810001;Kari;Nordmann;Storgata 1;0150;Oslo;kari@example.no;912 34 567;1980-01-01',
  '810002;Ola;Hansen;Fjordveien 2;8400;Sortland;;;',
  '810003;Per;Berg;Bergveien 3;5003;Bergen;per@example.no;;',
);

describe('D2: customers and subscriptions', () => {
  it('B1: a customer waits in billing_customers; the first subscription enrols the member on its start date, with the event on the timeline', async () => {
    const c = await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    expect(c).toMatchObject({ status: 'done', total: 3, applied: 3, skipped: 0, rejected: 0, counts: { waiting: 3 } });
    // B1: not a member yet.
    expect(memberByNo(810001)).toBeUndefined();
    expect(sql().prepare('SELECT count(*) FROM billing_customers').pluck().get()).toBe(3);

    const s = await apply('subscriptions', 'abonnement.csv', file(SUBSCRIPTIONS, '810001;S-1;Kosttilskudd;2026-10-01;;2026-12-01', '810001;S-2;Vitaminer;2026-10-15;;', '899999;S-3;Kosttilskudd;2026-10-01;;'));
    expect(s).toMatchObject({ status: 'done', applied: 2, rejected: 1, counts: { enrolled: 1, subscriptionsAdded: 1 } });
    // D3: the bad line with its number and reason: a subscription for someone not in the customers file.
    expect(s.rejections).toEqual([{ lineNo: 4, reason: 'not_in_customers', field: 'member_no', text: '899999;S-3;Kosttilskudd;2026-10-01;;' }]);
    const m = memberByNo(810001);
    expect(m).toMatchObject({ state: 'active', enrolled_on: '2026-10-01', phone: '+4791234567', address: 'Storgata 1' });
    expect(events(m?.id ?? 0)).toEqual([{ kind: 'enrolled', on_date: '2026-10-01', reason_code: 'first_subscription', channel: 'file' }]);
    expect(sql().prepare('SELECT external_id, status, next_delivery_on FROM subscriptions WHERE member_id = ? ORDER BY id').all(m?.id)).toEqual([
      { external_id: 'S-1', status: 'active', next_delivery_on: '2026-12-01' },
      { external_id: 'S-2', status: 'active', next_delivery_on: null },
    ]);
    // Findable at once, and the timeline shows the enrolment.
    const agent = await t.as('agent');
    const found = await agent.call('members.search', { query: '810001' });
    expect(found.items.map((i) => i.memberNo)).toEqual([810001]);
    const timeline = await agent.call('members.timeline', { memberId: m?.id ?? 0 });
    expect(timeline.items.some((i) => i.type === 'enrolled' && i.on === '2026-10-01')).toBe(true);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('B9: cancelling the last active subscription starts B9 on its date with the balance then; an earlier cancellation of another one does not', async () => {
    await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    await apply('subscriptions', 'a1.csv', file(SUBSCRIPTIONS, '810001;S-1;Kosttilskudd;2024-01-01;;', '810001;S-2;Vitaminer;2024-02-01;;'));
    const m = memberByNo(810001);
    const id = m?.id ?? 0;
    await t.earn(id, 12_000, '2025-03-01');
    const one = await apply('subscriptions', 'a2.csv', file(SUBSCRIPTIONS, '810001;S-1;Kosttilskudd;2024-01-01;2026-09-01;'));
    expect(one.counts).toMatchObject({ cancelled: 1, lastCancelled: 0 });
    expect(memberByNo(810001)?.state).toBe('active');
    const last = await apply('subscriptions', 'a3.csv', file(SUBSCRIPTIONS, '810001;S-2;Vitaminer;2024-02-01;2026-10-10;', '810001;S-1;Kosttilskudd;2024-01-01;2026-09-01;'));
    expect(last).toMatchObject({ applied: 1, skipped: 1, counts: { cancelled: 1, lastCancelled: 1 } });
    expect(memberByNo(810001)).toMatchObject({ state: 'cancelled', cancelled_on: '2026-10-10', balance_at_cancellation: 12_000, balance: 12_000 });
    expect(events(id).map((e) => [e.kind, e.on_date, e.reason_code])).toEqual([
      ['enrolled', '2024-01-01', 'first_subscription'],
      ['cancelled', '2026-10-10', 'last_cancelled'],
    ]);
  });

  it('B9: a new subscription before the deletion reactivates the member with the balance as it is; B10: an opted-out member stays out', async () => {
    await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    await apply('subscriptions', 'a1.csv', file(SUBSCRIPTIONS, '810001;S-1;Kosttilskudd;2024-01-01;;', '810002;S-2;Kosttilskudd;2024-01-01;;'));
    const kari = memberByNo(810001)?.id ?? 0;
    const ola = memberByNo(810002)?.id ?? 0;
    await t.earn(kari, 7_500, '2025-03-01');
    const sub = sql().prepare("SELECT id FROM subscriptions WHERE external_id = 'S-1'").pluck().get() as number;
    await cancelSubscription(t.ctx(null), sub, '2026-02-01');
    await optOut(t.ctx('agent'), ola, { channel: 'phone', reason: 'Vil ikke være med', memberInformed: true });

    const r = await apply('subscriptions', 'a2.csv', file(SUBSCRIPTIONS, '810001;S-10;Kosttilskudd;2026-10-01;;2026-11-15', '810002;S-20;Kosttilskudd;2026-10-01;;'));
    expect(r.counts).toMatchObject({ reactivated: 1, subscriptionsAdded: 1 });
    expect(memberByNo(810001)).toMatchObject({ state: 'active', balance: 7_500, cancelled_on: null, balance_at_cancellation: null });
    expect(events(kari).at(-1)).toMatchObject({ kind: 'reactivated', on_date: '2026-10-01', reason_code: 'reactivated' });
    // B10: the opt-out holds until the member rejoins; the subscription is recorded.
    expect(memberByNo(810002)).toMatchObject({ state: 'opted_out' });
    expect(sql().prepare("SELECT status FROM subscriptions WHERE external_id = 'S-20'").pluck().get()).toBe('active');
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('D2: a new subscription id whose row is cancelled already is created and cancelled in one go; a cancellation before the start of a known one is refused', async () => {
    await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    const r = await apply('subscriptions', 'a1.csv', file(SUBSCRIPTIONS, '810003;S-30;Kosttilskudd;2026-01-01;2026-06-30;', '810002;S-20;Kosttilskudd;2026-03-01;;'));
    expect(r.counts).toMatchObject({ enrolled: 2, cancelled: 1, lastCancelled: 1 });
    const per = memberByNo(810003)?.id ?? 0;
    expect(events(per).map((e) => [e.kind, e.on_date])).toEqual([
      ['enrolled', '2026-01-01'],
      ['cancelled', '2026-06-30'],
    ]);
    const bad = await apply('subscriptions', 'a2.csv', file(SUBSCRIPTIONS, '810002;S-20;Kosttilskudd;2026-03-01;2026-02-01;', '810001;S-20;Kosttilskudd;2026-03-01;;'));
    // The file's own check catches the first (its start date is on the row); the second names another member.
    expect(bad.rejections.map((x) => [x.lineNo, x.reason])).toEqual([
      [2, 'cancelled_before_start'],
      [3, 'subscription_other_member'],
    ]);
    expect(memberByNo(810002)?.state).toBe('active');
  });
});

describe('D1: the example files of docs/billing-feed.md', () => {
  it('D1/D2: docs/examples/customers.csv, subscriptions.csv and invoices.csv apply in that order with no bad line', async () => {
    const example = (name: string): string => readFileSync(join(import.meta.dirname, '../../docs/examples', name), 'utf8');
    expect(await apply('customers', 'customers.csv', example('customers.csv'))).toMatchObject({ applied: 3, rejected: 0, counts: { waiting: 3 } });
    expect(await apply('subscriptions', 'subscriptions.csv', example('subscriptions.csv'))).toMatchObject({ applied: 4, rejected: 0, counts: { enrolled: 3, subscriptionsAdded: 1, cancelled: 1, lastCancelled: 1 } });
    expect(await apply('invoices', 'invoices.csv', example('invoices.csv'))).toMatchObject({ applied: 3, rejected: 0, counts: { invoicesNew: 3, invoicesPaid: 1 } });
    expect(memberByNo(100002)).toMatchObject({ state: 'cancelled', cancelled_on: '2026-10-31', phone: '+4793456789', address: 'Fjordveien 2, leil. 3' });
    expect(sql().prepare('SELECT invoice_no, status FROM invoices ORDER BY invoice_no').all()).toEqual([
      { invoice_no: 'F-300101', status: 'paid' },
      { invoice_no: 'F-300102', status: 'unpaid' },
      { invoice_no: 'F-300103', status: 'open' },
    ]);
  });
});

describe('D3: contact details an agent changed later', () => {
  it('D3: the agent-changed phone is kept and the conflict listed (preview and list); the rest of the row is applied; resolving takes billing’s value or keeps the desk’s', async () => {
    await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    await apply('subscriptions', 'a1.csv', file(SUBSCRIPTIONS, '810001;S-1;Kosttilskudd;2024-01-01;;', '810003;S-3;Kosttilskudd;2024-01-01;;'));
    const kari = memberByNo(810001)?.id ?? 0;
    const per = memberByNo(810003)?.id ?? 0;
    // On a call, the agent corrects Kari's phone and Per's email.
    await updateContact(t.ctx('agent'), { memberId: kari, channel: 'phone', phone: '934 56 789'});
    await updateContact(t.ctx('agent'), { memberId: per, channel: 'phone', email: 'per.berg@example.no'});
    // Billing still has the old phone and email, and a new address for Kari.
    const update = file(
      CUSTOMERS,
      '810001;Kari;Nordmann;Nygata 9;0151;Oslo;kari@example.no;912 34 567;1980-01-01',
      '810003;Per;Berg;Bergveien 3;5003;Bergen;per@example.no;;',
    );
    const p = await preview('customers', 'kunder-2.csv', update);
    expect(p).toMatchObject({ applied: 2, counts: { membersChanged: 1, conflicts: 2 } });
    expect(p.conflicts).toEqual([
      { lineNo: 2, memberNo: 810001, field: 'phone', billingValue: '+4791234567', deskValue: '+4793456789' },
      { lineNo: 3, memberNo: 810003, field: 'email', billingValue: 'per@example.no', deskValue: 'per.berg@example.no' },
    ]);
    // The preview stored nothing.
    expect(sql().prepare('SELECT count(*) FROM billing_conflicts').pluck().get()).toBe(0);
    expect(memberByNo(810001)?.address).toBe('Storgata 1');

    const r = await apply('customers', 'kunder-2.csv', update);
    expect(r.counts).toMatchObject({ membersChanged: 1, conflicts: 2 });
    expect(memberByNo(810001)).toMatchObject({ address: 'Nygata 9', phone: '+4793456789' });
    const open = await listBillingConflicts(t.ctx('supervisor'), 100);
    expect(open.total).toBe(2);
    expect(open.conflicts[0]).toMatchObject({ memberNo: 810001, field: 'phone', billingValue: '+4791234567', deskValue: '+4793456789', changedBy: 'Test agent', fileName: 'kunder-2.csv', lineNo: 2 });

    // The same old values again in the next file: no second conflict for the same change.
    const again = await apply('customers', 'kunder-3.csv', update + '\n');
    expect(again).toMatchObject({ applied: 0, skipped: 2 });
    expect((await listBillingConflicts(t.ctx('supervisor'), 100)).total).toBe(2);

    const [phone, email] = open.conflicts;
    await resolveBillingConflict(t.ctx('supervisor'), { conflictId: phone?.id ?? 0, resolution: 'took_billing' });
    await resolveBillingConflict(t.ctx('supervisor'), { conflictId: email?.id ?? 0, resolution: 'kept_desk' });
    expect(memberByNo(810001)?.phone).toBe('+4791234567');
    expect(sql().prepare('SELECT email FROM members WHERE id = ?').pluck().get(per)).toBe('per.berg@example.no');
    expect((await listBillingConflicts(t.ctx('supervisor'), 100)).total).toBe(0);
    expect((await refusal(() => resolveBillingConflict(t.ctx('supervisor'), { conflictId: phone?.id ?? 0, resolution: 'kept_desk' }))).code).toBe('invalid_transition');
    const audits = sql().prepare("SELECT details FROM audit_log WHERE action = 'billing.resolveConflict' ORDER BY id").pluck().all() as string[];
    // The audit row names the field and the resolution, never the values.
    expect(audits.map((d) => JSON.parse(d) as unknown)).toEqual([
      { conflictId: phone?.id, field: 'phone', resolution: 'took_billing', changed: ['phone'] },
      { conflictId: email?.id, field: 'email', resolution: 'kept_desk', changed: [] },
    ]);
    expect(audits.join()).not.toContain('9123');
  });
});

describe('D2: invoices', () => {
  it('B11: an invoice billing marks paid makes the member page offer the give-back of its reduction; statuses by due date', async () => {
    await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    await apply('subscriptions', 'a1.csv', file(SUBSCRIPTIONS, '810001;S-1;Kosttilskudd;2024-01-01;;'));
    const kari = memberByNo(810001)?.id ?? 0;
    await t.earn(kari, 2_000, '2025-03-01');
    const first = await apply('invoices', 'faktura-1.csv', file(INVOICES, '810001;F-1;2026-09-01;49900;2026-09-15;', '810001;F-2;2026-10-25;29900;2026-11-10;', '810009;F-3;2026-10-25;100;2026-11-10;'));
    expect(first).toMatchObject({ applied: 2, rejected: 1, counts: { invoicesNew: 2 } });
    expect(first.rejections).toMatchObject([{ lineNo: 4, reason: 'unknown_member' }]);
    expect(sql().prepare('SELECT invoice_no, status FROM invoices ORDER BY invoice_no').all()).toEqual([
      { invoice_no: 'F-1', status: 'unpaid' },
      { invoice_no: 'F-2', status: 'open' },
    ]);
    const sup = t.ctx('supervisor');
    const invoiceId = sql().prepare("SELECT id FROM invoices WHERE invoice_no = 'F-1'").pluck().get() as number;
    await createCorrection(sup, { memberId: kari, kind: 'unpaid_reduction', points: 400, reason: 'Ubetalt faktura F-1', channel: 'desk', invoiceId });
    expect((await memberCorrections(sup, kari)).invoices.find((i) => i.invoiceNo === 'F-1')).toMatchObject({ status: 'unpaid', offerGiveBack: false });

    const paid = await apply('invoices', 'faktura-2.csv', file(INVOICES, '810001;F-1;2026-09-01;49900;2026-09-15;2026-11-01', '810001;F-2;2026-10-25;29900;2026-11-10;'));
    expect(paid).toMatchObject({ applied: 1, skipped: 1, counts: { invoicesUpdated: 1, invoicesPaid: 1 } });
    expect((await memberCorrections(sup, kari)).invoices.find((i) => i.invoiceNo === 'F-1')).toMatchObject({ status: 'paid', paidOn: '2026-11-01', offerGiveBack: true });
    // A payment is not taken back by a later file.
    const back = await apply('invoices', 'faktura-3.csv', file(INVOICES, '810001;F-1;2026-09-01;49900;2026-09-15;'));
    expect(back.rejections).toMatchObject([{ lineNo: 2, reason: 'payment_withdrawn' }]);
  });
});

describe('D3: never twice, never half a row', () => {
  it('D3: a file whose rows were all applied is refused (preview and apply); a row already applied is skipped and counted', async () => {
    await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    expect((await refusal(() => apply('customers', 'kunder-igjen.csv', NEW_CUSTOMERS))).code).toBe('duplicate_file');
    const e = await refusal(() => preview('customers', 'kunder.csv', `\uFEFF${NEW_CUSTOMERS}`));
    expect(e.code).toBe('duplicate_file');
    expect(e.details).toMatchObject({ fileName: 'kunder.csv' });
    const more = NEW_CUSTOMERS + '810004;Liv;Dahl;Dalveien 4;7010;Trondheim;;;\n';
    const r = await apply('customers', 'kunder-flere.csv', more);
    expect(r).toMatchObject({ applied: 1, skipped: 3, counts: { waiting: 1 } });
    expect((await listBillingFiles(t.ctx('manager'))).map((f) => [f.fileName, f.status, f.applied, f.skipped])).toEqual([
      ['kunder-flere.csv', 'done', 1, 3],
      ['kunder.csv', 'done', 3, 0],
    ]);
  });

  it('D3: the preview is the apply’s plan — the same counts — and stores nothing', async () => {
    await apply('customers', 'kunder.csv', NEW_CUSTOMERS);
    const subs = file(SUBSCRIPTIONS, '810001;S-1;Kosttilskudd;2026-01-01;;', '810001;S-2;Vitaminer;2026-02-01;2026-06-01;', '810002;S-3;Kosttilskudd;2026-01-01;2026-03-01;', '810002;S-4;Kosttilskudd;2026-05-01;;', '811111;S-5;Kosttilskudd;2026-01-01;;', 'x;y');
    const before = sql().prepare('SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM membership_events) + (SELECT count(*) FROM audit_log)').pluck().get();
    const p = await preview('subscriptions', 'abonnement.csv', subs);
    expect(sql().prepare('SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM membership_events) + (SELECT count(*) FROM audit_log)').pluck().get()).toBe(before);
    const r = await apply('subscriptions', 'abonnement.csv', subs);
    expect(p.counts).toEqual(r.counts);
    expect([p.applied, p.skipped, p.rejected]).toEqual([r.applied, r.skipped, r.rejected]);
    expect(p.counts).toMatchObject({ enrolled: 2, subscriptionsAdded: 1, cancelled: 2, lastCancelled: 1, reactivated: 1 });
    expect(p.rejections.map((x) => [x.lineNo, x.reason])).toEqual([
      [6, 'not_in_customers'],
      [7, 'bad_columns'],
    ]);
  });

  it('D3: an apply stopped after some batches (a crash) resumes after its marker and ends equal to an uninterrupted one; checkLedger passes', async () => {
    const customers = [CUSTOMERS];
    const subs = [SUBSCRIPTIONS];
    for (let i = 1; i <= 60; i += 1) {
      customers.push(`${820000 + i};Navn${i};Etternavn${i};Gate ${i};${String(1000 + i)};Oslo;n${i}@example.no;9${String(1000000 + i)};`);
      subs.push(`${820000 + i};T-${i};Kosttilskudd;2026-0${(i % 9) + 1}-01;${i % 4 === 0 ? '2026-10-01' : ''};`);
      if (i % 5 === 0) subs.push(`${820000 + i};T-${i}b;Vitaminer;2026-01-15;;2026-12-01`);
    }
    await apply('customers', 'kunder.csv', customers.join('\n'));
    // The reference: the same desk, copied, to take the file uninterrupted.
    const straight = join(t.dir, 'straight.db');
    sql().exec(`VACUUM INTO '${straight}'`);

    let batches = 0;
    await expect(
      apply('subscriptions', 'abonnement.csv', subs.join('\r\n'), {
        batchSize: 10,
        afterBatch: () => {
          batches += 1;
          if (batches === 3) throw new Error('the process died here');
        },
      }),
    ).rejects.toThrow('the process died here');
    const stopped = sql().prepare('SELECT status, applied_through, rows_applied + rows_skipped + rows_rejected AS done FROM billing_files WHERE kind = ?').get('subscriptions') as { status: string; applied_through: number; done: number };
    // Three batches of 10 rows committed, the marker on the last line of the third.
    expect(stopped).toEqual({ status: 'applying', applied_through: 31, done: 30 });
    expect(sql().prepare('SELECT count(*) FROM subscriptions').pluck().get()).toBe(30);

    const resumed = await apply('subscriptions', 'abonnement.csv', subs.join('\r\n'), { batchSize: 10 });
    expect(resumed).toMatchObject({ status: 'done', total: 72, applied: 72, rejected: 0 });

    // The same file, uninterrupted, on the copy.
    const other = await reopen(straight);
    const ctx = { store: other.store, clock: t.clock, user: t.users.supervisor, passwords: { N: TEST_PASSWORD_N } };
    await applyBillingFile(ctx, { kind: 'subscriptions', fileName: 'abonnement.csv', source: { content: subs.join('\r\n') } });
    other.close();
    expect(facts(t.file)).toEqual(facts(straight));
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('D3: a cancelled apply (between batches) stands as cancelled with its marker and resumes; a second apply of the whole file then is refused', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${830000 + i};Navn;Etternavn;Gate 1;0150;Oslo;;;`);
    const content = file(CUSTOMERS, ...rows);
    let batches = 0;
    const first = await apply('customers', 'kunder.csv', content, { batchSize: 10, shouldStop: () => batches >= 1, afterBatch: () => (batches += 1) });
    expect(first).toMatchObject({ status: 'cancelled', appliedThrough: 11, applied: 10 });
    const p = await preview('customers', 'kunder.csv', content);
    expect(p).toMatchObject({ alreadyApplied: 10, applied: 20 });
    const second = await apply('customers', 'kunder.csv', content, { batchSize: 10 });
    expect(second).toMatchObject({ status: 'done', applied: 30, counts: { waiting: 30 } });
    expect((await refusal(() => apply('customers', 'kunder.csv', content))).code).toBe('duplicate_file');
  });

  it('D2: the screen’s apply runs as a job in a worker thread (billing.apply), with progress, and the other desks hear members', async () => {
    const supervisor = await t.as('supervisor');
    const started = await supervisor.call('billing.apply', { kind: 'customers', fileName: 'kunder.csv', content: NEW_CUSTOMERS });
    expect(started).toMatchObject({ kind: 'billing-import', state: 'running' });
    const finished = await jobFinished(t.ctx('supervisor'), started.jobId);
    expect(finished).toMatchObject({ state: 'done', done: 3, total: 3, result: { status: 'done', applied: 3 } });
    expect(await supervisor.invoke('billing.apply', { kind: 'customers', fileName: 'kunder.csv', content: NEW_CUSTOMERS })).toMatchObject({ ok: false, error: { code: 'duplicate_file' } });
    expect(await supervisor.invoke('billing.preview', { kind: 'subscriptions', fileName: 'kunder.csv', content: NEW_CUSTOMERS })).toMatchObject({ ok: false, error: { code: 'bad_file', details: { missing: ['subscription_id', 'product', 'start_date', 'cancellation_date', 'next_delivery_date'] } } });
    const manager = await t.as('manager');
    expect(await manager.invoke('billing.files', {})).toMatchObject({ ok: true, value: { files: [{ fileName: 'kunder.csv', status: 'done' }] } });
    expect(await manager.invoke('billing.apply', { kind: 'customers', fileName: 'x.csv', content: NEW_CUSTOMERS })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

async function reopen(path: string) {
  return await openDesk({ file: path, clock: t.clock, passwordN: TEST_PASSWORD_N, validateOutput: true });
}

function facts(path: string): unknown {
  const db = openDatabase({ file: path, readonly: true }).sqlite;
  try {
    return {
      members: db.prepare('SELECT id, member_no, first_name, state, enrolled_on, cancelled_on, balance, balance_at_cancellation FROM members ORDER BY id').all(),
      subscriptions: db.prepare('SELECT id, member_id, external_id, status, started_on, cancelled_on, next_delivery_on FROM subscriptions ORDER BY id').all(),
      events: db.prepare('SELECT member_id, kind, on_date, reason_code FROM membership_events ORDER BY id').all(),
      file: db.prepare("SELECT status, rows_applied, rows_skipped, rows_rejected, counts FROM billing_files WHERE kind = 'subscriptions'").all(),
    };
  } finally {
    db.close();
  }
}
