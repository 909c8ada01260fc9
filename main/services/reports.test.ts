import { readFileSync } from 'node:fs';
import { readSheet } from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { jobFinished } from './jobs.js';
import { cancelSubscription } from './lifecycle.js';

/** Manager reports: liability, member export (real CSV and XLSX writers), GDPR access copy (B14). */

let t: TestDesk;
let kari: number;
beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
  kari = await t.aMember({ firstName: 'Kari', lastName: 'Ødegård', email: 'kari@example.no' });
  await t.earn(kari, 12_500, '2023-12-10'); // expires 2026-12-10: removed by the run for 2027-01
  const evil = await t.aMember({ firstName: '=HYPERLINK("http://x")', lastName: '+Sum', email: 'evil@example.no' });
  await t.earn(evil, 300, '2026-01-01');
  const sub = t.desk.store.sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(evil) as number;
  await cancelSubscription(t.ctx(null), sub, '2026-10-01');
});
afterEach(() => t.close());

describe('reports', () => {
  it('the liability report counts outstanding points by state and what the next runs expire', async () => {
    const manager = await t.as('manager');
    const report = await manager.call('reports.liability', {});
    expect(report.points.total).toBe(12_800);
    expect(report.points.byState).toMatchObject({ active: 12_500, cancelled: 300 });
    expect(report.members).toMatchObject({ active: 1, cancelled: 1 });
    expect(report.expiring).toEqual([{ runMonth: '2027-01', points: 12_500 }]);
  });

  it('exports members as CSV in a worker: ; separated, BOM, æøå intact, formula cells neutralised', async () => {
    const manager = await t.as('manager');
    const job = await manager.call('reports.exportMembers', { format: 'csv' });
    const done = await jobFinished(t.ctx('manager'), job.jobId);
    expect(done.state).toBe('done');
    const { path, rows } = done.result as { path: string; rows: number };
    expect(rows).toBe(2);
    const text = readFileSync(path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Medlemsnr.;Fornavn;Etternavn;E-post;Telefon;Adresse;Postnr.;Sted;Status;Saldo;Medlem siden;Sagt opp');
    expect(lines[1]).toContain(';Kari;Ødegård;kari@example.no;');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")";'+Sum`);
  });

  it('exports members as XLSX that a reader opens, filtered by state', async () => {
    const manager = await t.as('manager');
    const job = await manager.call('reports.exportMembers', { format: 'xlsx', state: 'active' });
    const done = await jobFinished(t.ctx('manager'), job.jobId);
    const { path } = done.result as { path: string };
    const data = await readSheet(path);
    expect(data[0]?.[0]).toBe('Medlemsnr.');
    expect(data).toHaveLength(2);
    expect(data[1]?.slice(1, 3)).toEqual(['Kari', 'Ødegård']);
    expect(data[1]?.[9]).toBe(12_500);
  });

  it('B14: a GDPR access copy holds everything about the member and is logged as an access', async () => {
    const manager = await t.as('manager');
    const { path } = await manager.call('members.accessExport', { memberId: kari });
    const copy = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown[]> & { member: { email: string } };
    expect(copy.member.email).toBe('kari@example.no');
    expect(copy.ledger).toHaveLength(1);
    expect(copy.pointLots).toHaveLength(1);
    expect(t.desk.store.sqlite.prepare("SELECT count(*) FROM member_access_log WHERE member_id = ? AND action = 'access_export'").pluck().get(kari)).toBe(1);
    const agent = await t.as('agent');
    expect(await agent.invoke('members.accessExport', { memberId: kari })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('erasure (B14)', () => {
  it('anonymises personal fields, keeps every amount, and refuses a member with an active subscription', async () => {
    const manager = await t.as('manager');
    expect(await manager.invoke('members.erase', { memberId: kari, reason: 'Krav om sletting' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const evil = t.desk.store.sqlite.prepare("SELECT id FROM members WHERE email = 'evil@example.no'").pluck().get() as number;
    const before = t.desk.store.sqlite.prepare('SELECT balance, (SELECT sum(amount) FROM ledger_entries WHERE member_id = members.id) AS ledger FROM members WHERE id = ?').get(evil);
    await manager.call('members.erase', { memberId: evil, reason: 'Krav om sletting (GDPR)' });
    const after = t.desk.store.sqlite.prepare('SELECT first_name, last_name, email, phone, anonymised_at IS NOT NULL AS anonymised FROM members WHERE id = ?').get(evil);
    expect(after).toEqual({ first_name: 'Anonymisert', last_name: 'medlem', email: null, phone: null, anonymised: 1 });
    expect(t.desk.store.sqlite.prepare('SELECT balance, (SELECT sum(amount) FROM ledger_entries WHERE member_id = members.id) AS ledger FROM members WHERE id = ?').get(evil)).toEqual(before);
    const agent = await t.as('agent');
    expect((await agent.call('members.search', { query: 'HYPERLINK' })).items).toEqual([]);
    expect(await agent.invoke('members.erase', { memberId: evil, reason: 'x'.repeat(5) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
