import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../desk.js';
import { verifyChain } from '../db/audit-chain.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { ACCESS_FOLD_MINUTES } from './audit.js';
import { explainBalance } from './explain.js';
import { jobFinished } from './jobs.js';
import { memberLedger } from './members.js';

/** B14: who saw which member is logged, append-only and tamper-evident (migration 0005, services/audit.ts). */

interface AccessRow {
  id: number;
  at: string;
  user_id: number;
  member_id: number | null;
  action: string;
  details: string | null;
}

let t: TestDesk;
let kari: number;
let ola: number;
let agent: Connection;

beforeEach(async () => {
  t = await testDesk('2026-11-21T09:00:00Z');
  kari = await t.aMember({ firstName: 'Kari', lastName: 'Ødegård', email: 'kari@example.no' });
  ola = await t.aMember({ firstName: 'Ola', lastName: 'Nordmann', email: 'ola@example.no' });
  await t.earn(kari, 1_200, '2026-01-10');
  agent = await t.as('agent');
});
afterEach(() => t.close());

const accessRows = (): AccessRow[] => t.desk.store.sqlite.prepare('SELECT id, at, user_id, member_id, action, details FROM member_access_log ORDER BY id').all() as AccessRow[];
const rowsFor = (memberId: number, action: string): AccessRow[] => accessRows().filter((r) => r.member_id === memberId && r.action === action);
const minutes = (n: number): number => n * 60_000;

describe('the logs are append-only (B14)', () => {
  it('B14: the database refuses UPDATE and DELETE on audit_log and member_access_log', async () => {
    await agent.call('members.get', { memberId: kari });
    await agent.call('members.addNote', { memberId: kari, body: 'Ringte om saldo' });
    const sqlite = t.desk.store.sqlite;
    expect(sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBeGreaterThan(0);
    expect(sqlite.prepare('SELECT count(*) FROM member_access_log').pluck().get()).toBeGreaterThan(0);
    expect(() => sqlite.prepare("UPDATE audit_log SET reason = 'x'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('UPDATE member_access_log SET user_id = user_id').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM member_access_log').run()).toThrow(/append-only/);
    expect((await verifyChain(t.desk.store, 'audit_log')).broken).toBeNull();
    expect((await verifyChain(t.desk.store, 'member_access_log')).broken).toBeNull();
  });
});

describe('every call that returns one member’s personal data is logged (B14)', () => {
  it('B14: members.get, members.ledger, members.timeline, points.explain and redemptions.list for a member each write their access row', async () => {
    const before = accessRows().length;
    await agent.call('members.get', { memberId: kari });
    await agent.call('members.ledger', { memberId: kari });
    await agent.call('members.timeline', { memberId: kari });
    await agent.call('points.explain', { memberId: kari });
    await agent.call('redemptions.list', { memberId: kari });
    const rows = accessRows().slice(before);
    expect(rows.map((r) => [r.member_id, r.action, r.user_id, r.details])).toEqual([
      [kari, 'view', t.users.agent.id, null],
      [kari, 'ledger', t.users.agent.id, null],
      [kari, 'timeline', t.users.agent.id, null],
      [kari, 'explain', t.users.agent.id, null],
      [kari, 'redemptions', t.users.agent.id, null],
    ]);
    expect(rows.every((r) => r.at === '2026-11-21T09:00:00.000Z')).toBe(true);
  });

  it('B14: a desk-wide redemptions list, a member that does not exist and a call without a user (the command line) write no access row', async () => {
    const supervisor = await t.as('supervisor');
    const before = accessRows().length;
    await supervisor.call('redemptions.list', { status: 'registered' });
    expect(await agent.call('members.ledger', { memberId: 99_999 })).toEqual({ entries: [] });
    expect(await agent.call('members.timeline', { memberId: 99_999 })).toEqual({ items: [], more: false });
    expect(await agent.invoke('points.explain', { memberId: 99_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await explainBalance(t.ctx(null), kari);
    await memberLedger(t.ctx(null), kari, undefined, 10);
    expect(accessRows().length).toBe(before);
  });

  it('B14: the member report export writes one access row with no member, naming its filter, rows and file', async () => {
    const manager = await t.as('manager');
    const job = await manager.call('reports.exportMembers', { format: 'csv', state: 'active' });
    const done = await jobFinished(t.ctx('manager'), job.jobId);
    expect(done.state).toBe('done');
    const { path, rows } = done.result as { path: string; rows: number };
    const logged = accessRows().filter((r) => r.action === 'export_members');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ member_id: null, user_id: t.users.manager.id });
    expect(JSON.parse(logged[0]?.details ?? 'null')).toEqual({ filter: { state: 'active' }, rows, path });
    expect(rows).toBe(2);
    expect((await verifyChain(t.desk.store, 'member_access_log')).broken).toBeNull();
  });

  it('B14: the access copy is logged with its files (the JSON and the readable copy), every time (never folded)', async () => {
    const manager = await t.as('manager');
    const first = await manager.call('members.accessExport', { memberId: kari });
    t.clock.advance(minutes(1));
    const second = await manager.call('members.accessExport', { memberId: kari });
    expect(rowsFor(kari, 'access_export').map((r) => JSON.parse(r.details ?? 'null') as unknown)).toEqual([
      { path: first.path, htmlPath: first.htmlPath },
      { path: second.path, htmlPath: second.htmlPath },
    ]);
  });
});

describe('folding repeat views (B14)', () => {
  it(`B14: a repeat view by the same user within ${ACCESS_FOLD_MINUTES} minutes adds no row; after ${ACCESS_FOLD_MINUTES} minutes it adds one`, async () => {
    await agent.call('members.get', { memberId: kari });
    t.clock.advance(minutes(4));
    await agent.call('members.get', { memberId: kari });
    t.clock.advance(minutes(6)); // 10 minutes after the first view: still folded
    await agent.call('members.get', { memberId: kari });
    expect(rowsFor(kari, 'view').map((r) => r.at)).toEqual(['2026-11-21T09:00:00.000Z']);
    t.clock.advance(1_000); // 10 minutes and a second after the first view
    await agent.call('members.get', { memberId: kari });
    expect(rowsFor(kari, 'view').map((r) => r.at)).toEqual(['2026-11-21T09:00:00.000Z', '2026-11-21T09:10:01.000Z']);
  });

  it('B14: the first view stands (the window does not slide with each repeat)', async () => {
    for (let i = 0; i < 6; i += 1) {
      await agent.call('members.timeline', { memberId: kari });
      t.clock.advance(minutes(3)); // views at 0, 3, 6, 9, 12, 15 minutes
    }
    expect(rowsFor(kari, 'timeline').map((r) => r.at)).toEqual(['2026-11-21T09:00:00.000Z', '2026-11-21T09:12:00.000Z']);
  });

  it('B14: another user, another member or another action is its own row', async () => {
    const supervisor = await t.as('supervisor');
    await agent.call('members.get', { memberId: kari });
    await supervisor.call('members.get', { memberId: kari });
    await agent.call('members.get', { memberId: ola });
    await agent.call('members.ledger', { memberId: kari });
    await agent.call('members.get', { memberId: kari });
    await agent.call('members.ledger', { memberId: kari, limit: 5 });
    expect(accessRows().map((r) => [r.user_id, r.member_id, r.action])).toEqual([
      [t.users.agent.id, kari, 'view'],
      [t.users.supervisor.id, kari, 'view'],
      [t.users.agent.id, ola, 'view'],
      [t.users.agent.id, kari, 'ledger'],
    ]);
  });
});

describe('searches are logged (B14)', () => {
  it('B14: a search records its query and the ids of the members it returned', async () => {
    const hits = await agent.call('members.search', { query: 'odegard' });
    expect(hits.items.map((h) => h.id)).toEqual([kari]);
    await agent.call('members.search', { query: 'Nordmann' });
    await agent.call('members.search', { query: 'ingen slik person' });
    await agent.call('members.search', { query: '   ' });
    const searches = accessRows().filter((r) => r.action === 'search');
    expect(searches.map((r) => [r.user_id, r.member_id, JSON.parse(r.details ?? 'null') as unknown])).toEqual([
      [t.users.agent.id, null, { query: 'odegard', memberIds: [kari] }],
      [t.users.agent.id, null, { query: 'Nordmann', memberIds: [ola] }],
      [t.users.agent.id, null, { query: 'ingen slik person', memberIds: [] }],
    ]);
  });

  it('B14: a search is never folded, and a search with a control character is logged as typed', async () => {
    await agent.call('members.search', { query: 'Kari' });
    await agent.call('members.search', { query: 'Kari' });
    await agent.call('members.search', { query: 'Kari\u0000Ødegård' });
    const searches = accessRows().filter((r) => r.action === 'search').map((r) => JSON.parse(r.details ?? 'null') as unknown);
    expect(searches).toEqual([
      { query: 'Kari', memberIds: [kari] },
      { query: 'Kari', memberIds: [kari] },
      { query: 'Kari\u0000Ødegård', memberIds: [kari] },
    ]);
  });
});

describe('the chain over what the services write (B14)', () => {
  it('B14: audit rows and access rows written through the services chain, and the chain holds', async () => {
    const supervisor = await t.as('supervisor');
    await agent.call('members.addNote', { memberId: kari, body: 'Første notat' });
    await agent.call('members.addNote', { memberId: ola, body: 'Andre notat' });
    await supervisor.call('members.get', { memberId: ola });
    await agent.call('members.search', { query: 'Kari' });
    await agent.invoke('reports.liability', {}); // refused: a security event in the audit chain
    const audit = await verifyChain(t.desk.store, 'audit_log');
    const access = await verifyChain(t.desk.store, 'member_access_log');
    expect(audit).toMatchObject({ table: 'audit_log', broken: null });
    expect(audit.rows).toBeGreaterThanOrEqual(3);
    expect(access).toMatchObject({ table: 'member_access_log', rows: 2, broken: null });
    expect(t.desk.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'security.forbidden'").pluck().get()).toBe(1);
    const hashes = t.desk.store.sqlite.prepare('SELECT hash FROM audit_log ORDER BY id').pluck().all() as string[];
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });
});
