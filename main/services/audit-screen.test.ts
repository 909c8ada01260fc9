import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contract } from '../../shared/contract.js';
import { roles, type Role } from '../../shared/roles.js';
import type { AuditRow } from '../../shared/channels/audit.js';
import { verifyChain } from '../db/audit-chain.js';
import type { Connection } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { audit } from './audit.js';
import { changesOf } from './audit-screen.js';

/**
 * Issue 13, "The audit (supervisors and admins)": the audit screen's channels through the router —
 * the filters, keyset pages without duplicates or gaps, before → after, the export of the filtered
 * rows, the chain check (B14) — and who may call them, what bad input gets, and that a refused
 * call writes nothing.
 */

let t: TestDesk;
let sup: Connection;
let admin: Connection;
let kari: number;
let ola: number;
const KARI_NO = 700_001;
const OLA_NO = 700_002;

const sqlite = () => t.desk.store.sqlite;
const count = (sql: string, ...args: unknown[]): number => sqlite().prepare(sql).pluck().get(...args) as number;
const allIds = (where = '1 = 1', ...args: unknown[]): number[] => sqlite().prepare(`SELECT id FROM audit_log WHERE ${where} ORDER BY id DESC`).pluck().all(...args) as number[];
const exportFiles = (): string[] => {
  const dir = t.desk.store.workers.exportDir ?? '';
  return existsSync(dir) ? readdirSync(dir) : [];
};

/** An audit row written as a service writes it, as `role` (null: the system), at `at`. */
async function row(role: Role | null, at: string, input: Parameters<typeof audit>[1]): Promise<number> {
  t.clock.set(at);
  return await t.desk.store.transaction(() => audit(t.ctx(role), input));
}

/** Every page of a filter, following `next`, as the screen does. */
async function walk(c: Connection, filter: Record<string, unknown>, limit: number): Promise<{ pages: number[][]; ids: number[] }> {
  const pages: number[][] = [];
  let before: number | undefined;
  for (let guard = 0; guard < 1_000; guard += 1) {
    const page = await c.call('audit.list', { ...filter, limit, ...(before === undefined ? {} : { before }) });
    pages.push(page.items.map((i) => i.id));
    if (page.next === null) break;
    expect(page.items.length).toBe(limit);
    before = page.next;
  }
  return { pages, ids: pages.flat() };
}

beforeEach(async () => {
  t = await testDesk('2026-11-21T09:00:00Z');
  kari = await t.aMember({ memberNo: KARI_NO, firstName: 'Kari', lastName: 'Ødegård' });
  ola = await t.aMember({ memberNo: OLA_NO, firstName: 'Ola', lastName: 'Nordmann' });
  await t.earn(kari, 1_200, '2026-01-10');
  // The rows below are written across days: sessions that do not end meanwhile (stored as the browser harness does).
  for (const key of ['session_idle_minutes', 'session_max_hours'] as const) {
    sqlite().prepare("INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, '100000000', '2026-11-21T09:00:00Z', NULL) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key);
  }
  sup = await t.as('supervisor');
  admin = await t.as('admin');
});
afterEach(() => t.close());

describe('audit.list: filters and keyset pages (issue 13)', () => {
  /** 120 rows over three Oslo days, by three users and the system, on two members, four actions, three channels. */
  async function spread(): Promise<void> {
    const users: (Role | null)[] = ['agent', 'supervisor', 'admin', null];
    const actions = ['members.addNote', 'corrections.withhold', 'settings.set', 'runs.finish'];
    const channels = ['desk', 'phone', 'file'];
    for (let i = 0; i < 120; i += 1) {
      // 18.11 12:00 Oslo onwards, every 40 minutes: 18, 19, 20 and 21 November.
      const at = new Date(Date.UTC(2026, 10, 18, 11, 0) + i * 40 * 60_000).toISOString();
      await row(users[i % 4] ?? null, at, { action: actions[i % 4] ?? 'members.addNote', channel: channels[i % 3] ?? 'desk', memberId: i % 5 === 0 ? ola : i % 5 === 1 ? kari : null, details: { n: i } });
    }
  }

  it('the first page is the newest rows, newest first, with who, which member and the details', async () => {
    await spread();
    const page = await sup.call('audit.list', { limit: 10 });
    expect(page.items.map((i) => i.id)).toEqual(allIds().slice(0, 10));
    expect(page.next).toBe(page.items.at(-1)?.id);
    const withMember = page.items.find((i) => i.member !== null);
    expect(withMember?.member?.memberNo === KARI_NO || withMember?.member?.memberNo === OLA_NO).toBe(true);
    expect(withMember?.member?.name).toMatch(/^(Kari Ødegård|Ola Nordmann)$/);
    const bySystem = page.items.find((i) => i.user === null);
    expect(bySystem?.action).toBe('runs.finish');
    const byAgent = page.items.find((i) => i.user?.username === 'agent');
    expect(byAgent?.user?.name).toBe('Test agent');
    expect(byAgent?.details).toMatchObject({ n: expect.any(Number) });
  });

  it('walking every page by its cursor gives every row exactly once, in order — no duplicates, no gaps', async () => {
    await spread();
    const all = allIds();
    for (const limit of [1, 7, 10, 50, 200]) {
      const { ids, pages } = await walk(sup, {}, limit);
      expect(ids, `pages of ${limit}`).toEqual(all);
      expect(pages.length).toBe(Math.max(1, Math.ceil(all.length / limit)));
    }
    // And under a filter: the member's rows only, all of them.
    expect((await walk(sup, { memberNo: KARI_NO }, 3)).ids).toEqual(allIds('member_id = ?', kari));
  });

  it('rows written between pages never shift the next page: page 2 follows page 1 exactly', async () => {
    await spread();
    const first = await sup.call('audit.list', { limit: 10 });
    const before = allIds();
    for (let i = 0; i < 5; i += 1) await row('agent', '2026-11-21T10:00:00Z', { action: 'members.addNote', channel: 'desk', memberId: kari });
    const second = await sup.call('audit.list', { limit: 10, before: first.next ?? 0 });
    expect(second.items.map((i) => i.id)).toEqual(before.slice(10, 20));
    // The new rows are on a fresh first page.
    expect((await sup.call('audit.list', { limit: 5 })).items.map((i) => i.id)).toEqual(allIds().slice(0, 5));
  });

  it('filters by user, the system, member number, action, channel, and combinations', async () => {
    await spread();
    const ids = async (filter: Record<string, unknown>): Promise<number[]> => (await walk(sup, filter, 200)).ids;
    expect(await ids({ userId: t.users.agent.id })).toEqual(allIds('user_id = ?', t.users.agent.id));
    expect(await ids({ userId: null })).toEqual(allIds('user_id IS NULL'));
    expect(await ids({ memberNo: OLA_NO })).toEqual(allIds('member_id = ?', ola));
    expect(await ids({ action: 'settings.set' })).toEqual(allIds("action = 'settings.set'"));
    expect(await ids({ channel: 'phone' })).toEqual(allIds("channel = 'phone'"));
    expect(await ids({ userId: t.users.supervisor.id, channel: 'file', memberNo: KARI_NO })).toEqual(allIds("user_id = ? AND channel = 'file' AND member_id = ?", t.users.supervisor.id, kari));
    expect((await ids({ userId: t.users.manager.id })).length).toBe(0);
    expect(await ids({ action: 'nothing.likeThis' })).toEqual([]);
    // The member the filter names comes back resolved, for the screen's heading.
    expect((await sup.call('audit.list', { memberNo: OLA_NO })).member).toEqual({ id: ola, memberNo: OLA_NO, name: 'Ola Nordmann' });
  });

  it('a date range is whole Oslo days: from 00:00 Oslo on the first day to the end of the last', async () => {
    // 19.11 23:59 Oslo (22:59 UTC), 20.11 00:00 Oslo (23:00 UTC), 20.11 23:59 Oslo, 21.11 00:00 Oslo.
    const late19 = await row('agent', '2026-11-19T22:59:59.000Z', { action: 'members.addNote', channel: 'desk' });
    const early20 = await row('agent', '2026-11-19T23:00:00.000Z', { action: 'members.addNote', channel: 'desk' });
    const late20 = await row('agent', '2026-11-20T22:59:59.000Z', { action: 'members.addNote', channel: 'desk' });
    const early21 = await row('agent', '2026-11-20T23:00:00.000Z', { action: 'members.addNote', channel: 'desk' });
    const ids = async (filter: Record<string, unknown>): Promise<number[]> => (await sup.call('audit.list', { ...filter, action: 'members.addNote' })).items.map((i) => i.id);
    expect(await ids({ from: '2026-11-20', to: '2026-11-20' })).toEqual([late20, early20]);
    expect(await ids({ to: '2026-11-19' })).toEqual([late19]);
    expect(await ids({ from: '2026-11-21' })).toEqual([early21]);
    expect(await ids({ from: '2026-11-19' })).toEqual([early21, late20, early20, late19]);
    // A range with no rows (after the last, before the first).
    expect(await ids({ from: '2026-11-22' })).toEqual([]);
    expect(await ids({ to: '2026-11-01' })).toEqual([]);
  });

  it('paging within a user and a date range stays inside both', async () => {
    await spread();
    const { ids } = await walk(sup, { userId: t.users.agent.id, from: '2026-11-19', to: '2026-11-20' }, 4);
    const expected = (sqlite().prepare('SELECT id, at FROM audit_log WHERE user_id = ? ORDER BY id DESC').all(t.users.agent.id) as { id: number; at: string }[])
      .filter((r) => r.at >= '2026-11-18T23:00:00.000Z' && r.at < '2026-11-20T23:00:00.000Z')
      .map((r) => r.id);
    expect(expected.length).toBeGreaterThan(4);
    expect(ids).toEqual(expected);
  });

  it('each filter reads its own index backwards from the cursor: no table scan, no sort', async () => {
    await spread();
    const store = t.desk.store;
    // The page's statements are compiled once per store and shape: catch each as it is made and used.
    const seen: string[] = [];
    const prepare = store.prepared.bind(store);
    const spy = vi.spyOn(store, 'prepared').mockImplementation(((build: Parameters<typeof store.prepared>[0]) => {
      const made = prepare(build);
      if (!made.sql.includes('from "audit_log" as "a"')) return made;
      return { ...made, all: async (params: Record<string, unknown>) => (seen.push(made.sql), await made.all(params)) };
    }) as typeof store.prepared);
    const plans: Record<string, string> = {};
    const cases: Record<string, Record<string, unknown>> = {
      first: {},
      member: { memberNo: KARI_NO },
      user: { userId: t.users.agent.id },
      system: { userId: null },
      action: { action: 'settings.set' },
      channel: { channel: 'phone' },
      days: { from: '2026-11-19', to: '2026-11-20' },
      userDays: { userId: t.users.agent.id, from: '2026-11-19', to: '2026-11-20' },
    };
    try {
      for (const [name, filter] of Object.entries(cases)) {
        seen.length = 0;
        await sup.call('audit.list', { ...filter, limit: 5, before: 100 });
        const q = seen[0];
        if (q === undefined) throw new Error(`no page read for ${name}`);
        // Without sqlite_stat1 the plan does not depend on the values bound (nulls here).
        const slots = (q.match(/\?/g) ?? []).length;
        plans[name] = (sqlite().prepare(`EXPLAIN QUERY PLAN ${q}`).all(...Array<null>(slots).fill(null)) as { detail: string }[]).map((r) => r.detail).join(' | ');
      }
    } finally {
      spy.mockRestore();
    }
    for (const [name, plan] of Object.entries(plans)) {
      expect(plan, name).not.toMatch(/TEMP B-TREE/);
      expect(plan, name).toMatch(/^SEARCH a USING/);
    }
    expect(plans['member']).toMatch(/USING INDEX audit_member \(member_id=\? AND id<\?\)/);
    expect(plans['user']).toMatch(/USING INDEX audit_by_user \(user_id=\? AND id<\?\)/);
    expect(plans['system']).toMatch(/USING INDEX audit_by_user \(user_id=\? AND id<\?\)/);
    expect(plans['action']).toMatch(/USING INDEX audit_by_action/);
    expect(plans['channel']).toMatch(/USING INDEX audit_by_channel/);
    expect(plans['first']).toMatch(/USING INTEGER PRIMARY KEY \(rowid<\?\)/);
    expect(plans['days']).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    expect(plans['userDays']).toMatch(/USING INDEX audit_by_user \(user_id=\? AND id>\? AND id<\?\)/);
  });
});

describe('before and after (issue 13)', () => {
  it('a setting keeps {key, before, after}; a record its changed keys; a contact correction its fields without values (D3)', async () => {
    await row('admin', '2026-11-21T09:00:00Z', { action: 'settings.set', channel: 'desk', details: { key: 'correction_approval_threshold', before: 5_000, after: 2_000 } });
    await row('supervisor', '2026-11-21T09:01:00Z', {
      action: 'launches.update',
      channel: 'desk',
      details: { launchId: 4, before: { name: 'Vår', launchOn: '2027-03-01', productIds: [1, 2] }, after: { name: 'Vår', launchOn: '2027-03-08', productIds: [1, 2, 3] } },
    });
    const agent = await t.as('agent');
    await agent.call('members.updateContact', { memberId: kari, identityChecked: true, channel: 'phone', city: 'Bodø', postcode: '8006' });
    const items = (await admin.call('audit.list', { limit: 3 })).items;
    const [contact, launch, setting] = items as [AuditRow, AuditRow, AuditRow];
    expect(setting.changes).toEqual([{ field: 'correction_approval_threshold', kept: true, before: 5_000, after: 2_000 }]);
    expect(setting.details).toBeNull();
    expect(launch.changes).toEqual([
      { field: 'launchOn', kept: true, before: '2027-03-01', after: '2027-03-08' },
      { field: 'productIds', kept: true, before: [1, 2], after: [1, 2, 3] },
    ]);
    expect(launch.details).toEqual({ launchId: 4 });
    expect(contact.action).toBe('members.updateContact');
    expect(contact.member).toEqual({ id: kari, memberNo: KARI_NO, name: 'Kari Ødegård' });
    expect(contact.changes.map((c) => [c.field, c.kept])).toEqual([
      ['postcode', false],
      ['city', false],
    ]);
    // D3: the audit keeps no contact values, so the screen shows none.
    expect(JSON.stringify(contact)).not.toContain('Bodø');
  });

  it('details of other shapes are shown as stored; a listed `changes` array is read as it is', () => {
    expect(changesOf({ entryId: 12, points: 200 })).toEqual({ changes: [], rest: { entryId: 12, points: 200 } });
    expect(changesOf({ changes: [{ field: 'stock', before: 4, after: 9 }], productId: 3 })).toEqual({ changes: [{ field: 'stock', kept: true, before: 4, after: 9 }], rest: { productId: 3 } });
    expect(changesOf({ before: null, after: 'x' })).toEqual({ changes: [{ field: null, kept: true, before: null, after: 'x' }], rest: null });
    expect(changesOf(null)).toEqual({ changes: [], rest: null });
  });

  it('B11: the correction a supervisor just booked is the member’s newest row, with its points and reason', async () => {
    const booked = await sup.call('corrections.create', { memberId: kari, kind: 'withhold', points: 150, reason: 'Dobbeltregistrert kjøp' });
    expect(booked.status).toBe('booked');
    const page = await sup.call('audit.list', { memberNo: KARI_NO, limit: 5 });
    const newest = page.items[0];
    expect(newest).toMatchObject({ action: 'corrections.withhold', reason: 'Dobbeltregistrert kjøp', user: { username: 'supervisor' }, member: { memberNo: KARI_NO } });
    expect(newest?.details).toMatchObject({ points: 150 });
  });
});

describe('B14: the audit screen’s reads and exports are logged', () => {
  it('a page that names members writes one access row naming the filter and the members; a page without members writes none', async () => {
    await row('agent', '2026-11-21T09:00:00Z', { action: 'members.addNote', channel: 'desk', memberId: kari });
    await row(null, '2026-11-21T09:01:00Z', { action: 'runs.finish', channel: 'system' });
    const before = count('SELECT count(*) FROM member_access_log');
    await sup.call('audit.list', { memberNo: KARI_NO });
    const access = sqlite().prepare('SELECT user_id, member_id, action, details FROM member_access_log ORDER BY id DESC LIMIT 1').get() as { user_id: number; member_id: number | null; action: string; details: string };
    expect(access).toMatchObject({ user_id: t.users.supervisor.id, member_id: null, action: 'audit_list' });
    // Kari's rows: her enrolment, her earning's and the note's.
    expect(JSON.parse(access.details)).toEqual({ filter: { memberNo: KARI_NO }, before: null, rows: count('SELECT count(*) FROM audit_log WHERE member_id = ?', kari), memberIds: [kari] });
    expect(count('SELECT count(*) FROM member_access_log')).toBe(before + 1);
    await sup.call('audit.list', { action: 'runs.finish' });
    expect(count('SELECT count(*) FROM member_access_log')).toBe(before + 1);
  });
});

describe('audit.export (issue 13)', () => {
  it('writes the filtered rows, newest first, as CSV into the export folder, whole; logged and audited', async () => {
    await row('agent', '2026-11-20T09:00:00Z', { action: 'members.addNote', channel: 'desk', memberId: kari, reason: '=HYPERLINK("x")', details: { noteId: 1 } });
    await row('admin', '2026-11-20T10:00:00Z', { action: 'settings.set', channel: 'desk', details: { key: 'postage_ore', before: 9_900, after: 12_900 } });
    await row('agent', '2026-11-21T08:00:00Z', { action: 'members.addNote', channel: 'phone', memberId: ola, details: { noteId: 2 } });
    const written = await sup.call('audit.export', { from: '2026-11-20', to: '2026-11-20' });
    expect(written).toMatchObject({ rows: 2, truncated: false });
    expect(dirname(written.path)).toBe(t.desk.store.workers.exportDir);
    expect(exportFiles()).toEqual([written.path.split('/').at(-1)]);
    const lines = readFileSync(written.path, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Nr.;Tidspunkt (UTC);Tidspunkt (Oslo-tid);Bruker;Handling;Kanal;Medlemsnr.;Medlem;Begrunnelse;Før og etter;Detaljer');
    expect(lines[1]).toMatch(/^\d+;2026-11-20T10:00:00\.000Z;2026-11-20 11:00;Test admin \(admin\);settings\.set;desk;;;;postage_ore: 9900 → 12900;$/);
    // Free text is guarded against formulas (export-format.ts); JSON details are quoted.
    expect(lines[2]).toMatch(/^\d+;2026-11-20T09:00:00\.000Z;2026-11-20 10:00;Test agent \(agent\);members\.addNote;desk;700001;Kari Ødegård;"'=HYPERLINK\(""x""\)";;"\{""noteId"":1\}"$/);
    expect(lines.slice(3)).toEqual(['']);
    const access = sqlite().prepare("SELECT details FROM member_access_log WHERE action = 'export_audit'").pluck().get() as string;
    expect(JSON.parse(access)).toMatchObject({ filter: { from: '2026-11-20', to: '2026-11-20' }, rows: 2, path: written.path, truncated: false });
    const audited = sqlite().prepare("SELECT user_id, details FROM audit_log WHERE action = 'audit.export'").get() as { user_id: number; details: string };
    expect(audited.user_id).toBe(t.users.supervisor.id);
    expect(JSON.parse(audited.details)).toMatchObject({ format: 'csv', rows: 2, truncated: false, path: written.path });
  });

  it('writes XLSX with the same rows (an admin, filtered by action)', async () => {
    await row('admin', '2026-11-20T10:00:00Z', { action: 'settings.set', channel: 'desk', details: { key: 'postage_ore', before: 9_900, after: 12_900 } });
    await row('agent', '2026-11-21T08:00:00Z', { action: 'members.addNote', channel: 'phone', memberId: ola });
    const written = await admin.call('audit.export', { action: 'settings.set', format: 'xlsx' });
    expect(written.rows).toBe(1);
    const sheet = await readSheet(written.path);
    expect(sheet.length).toBe(2);
    expect(sheet[1]?.slice(3, 6)).toEqual(['Test admin (admin)', 'settings.set', 'desk']);
    expect(sheet[1]?.[9]).toBe('postage_ore: 9900 → 12900');
  });

  it(`holds at most the newest 100 000 rows of a wider filter, and says so`, async () => {
    // Fast rows straight into the file (the chain is not what this test reads).
    const insert = sqlite().prepare("INSERT INTO audit_log (id, at, user_id, action, channel, member_id, reason, details, hash) VALUES (?, '2026-11-20T10:00:00.000Z', NULL, 'runs.finish', 'system', NULL, NULL, NULL, 'x')");
    const start = (sqlite().prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number) + 1;
    sqlite().transaction(() => {
      for (let i = 0; i < 100_005; i += 1) insert.run(start + i);
    })();
    const written = await sup.call('audit.export', { action: 'runs.finish' });
    expect(written).toMatchObject({ rows: 100_000, truncated: true });
    const lines = readFileSync(written.path, 'utf8').split('\r\n');
    expect(lines.length).toBe(100_002);
    expect(lines[1]?.split(';')[0]).toBe(String(start + 100_004));
  }, 60_000);
});

describe('audit.verify (B14)', () => {
  it('says both chains hold, with their row counts, as `desk audit verify` does', async () => {
    await sup.call('members.get', { memberId: kari });
    await row('agent', '2026-11-21T09:00:00Z', { action: 'members.addNote', channel: 'desk', memberId: kari });
    const result = await sup.call('audit.verify', {});
    expect(result).toEqual({
      ok: true,
      chains: [
        { table: 'audit_log', rows: count('SELECT count(*) FROM audit_log'), broken: null },
        { table: 'member_access_log', rows: count('SELECT count(*) FROM member_access_log'), broken: null },
      ],
    });
    expect(result.chains).toEqual([await verifyChain(t.desk.store, 'audit_log'), await verifyChain(t.desk.store, 'member_access_log')]);
  });

  it('names the first broken row, past the first chunk of 5 000, where the command line does', async () => {
    const agent = await t.as('agent');
    for (let i = 0; i < 6_200; i += 1) await row('agent', '2026-11-21T09:00:00Z', { action: 'members.addNote', channel: 'desk', memberId: i % 2 === 0 ? kari : ola, details: { i } });
    await agent.call('members.get', { memberId: ola });
    const victim = 5_600;
    sqlite().exec('DROP TRIGGER audit_no_update');
    sqlite().prepare("UPDATE audit_log SET details = '{\"i\":-1}' WHERE id = ?").run(victim);
    const result = await admin.call('audit.verify', {});
    expect(result.ok).toBe(false);
    expect(result.chains[0]).toMatchObject({ table: 'audit_log', rows: victim, broken: { id: victim, previousId: victim - 1 } });
    expect(result.chains[1]?.broken).toBeNull();
    expect(result.chains[0]).toEqual(await verifyChain(t.desk.store, 'audit_log'));
  }, 60_000);
});

describe('audit.facets (issue 13)', () => {
  it('lists every user and the actions and channels the log holds, each once, in order', async () => {
    await row('agent', '2026-11-21T09:00:00Z', { action: 'members.addNote', channel: 'phone', memberId: kari });
    await row('agent', '2026-11-21T09:01:00Z', { action: 'members.addNote', channel: 'desk', memberId: kari });
    await row(null, '2026-11-21T09:02:00Z', { action: 'runs.finish', channel: 'system' });
    const facets = await sup.call('audit.facets', {});
    expect(facets.users.map((u) => u.username).sort()).toEqual(['admin', 'agent', 'manager', 'supervisor']);
    expect(facets.users.find((u) => u.username === 'agent')).toEqual({ id: t.users.agent.id, name: 'Test agent', username: 'agent', role: 'agent', active: true });
    const actions = sqlite().prepare('SELECT DISTINCT action FROM audit_log ORDER BY action').pluck().all();
    expect(facets.actions).toEqual(actions);
    expect(facets.actions).toContain('runs.finish');
    expect(facets.channels).toEqual(sqlite().prepare('SELECT DISTINCT channel FROM audit_log ORDER BY channel').pluck().all());
  });
});

describe('who may use the audit screen, bad input, and nothing written on refusal (issue 13)', () => {
  const auditChannelNames = ['audit.list', 'audit.facets', 'audit.export', 'audit.verify'] as const;

  /** What a refused call must leave as it was: the audit rows other than its security event, the access log, the export folder. */
  const state = (): string =>
    JSON.stringify([
      sqlite().prepare("SELECT * FROM audit_log WHERE action NOT LIKE 'security.%' ORDER BY id").all(),
      sqlite().prepare('SELECT * FROM member_access_log ORDER BY id').all(),
      exportFiles(),
    ]);

  it('supervisors and admins only: agents and managers are refused every channel, and nothing is written', async () => {
    for (const name of auditChannelNames) expect([...(contract[name].roles as readonly Role[])].sort()).toEqual(['admin', 'supervisor']);
    await row('agent', '2026-11-21T09:00:00Z', { action: 'members.addNote', channel: 'desk', memberId: kari });
    const before = state();
    const securityBefore = count("SELECT count(*) FROM audit_log WHERE action = 'security.forbidden'");
    for (const role of roles.filter((r) => r === 'agent' || r === 'manager')) {
      const c = await t.as(role);
      for (const [name, input] of [
        ['audit.list', { memberNo: KARI_NO }],
        ['audit.facets', {}],
        ['audit.export', { format: 'csv' }],
        ['audit.verify', {}],
      ] as const) {
        expect(await c.invoke(name, input), `${role} → ${name}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect(state()).toBe(before);
    // Each refusal is a security event (the router's), never the input.
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'security.forbidden'")).toBe(securityBefore + 8);
    // Before sign-in: unauthenticated.
    expect(await t.desk.connect().invoke('audit.list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // Supervisors and admins get answers.
    for (const c of [sup, admin]) {
      expect(await c.invoke('audit.list', {})).toMatchObject({ ok: true });
      expect(await c.invoke('audit.facets', {})).toMatchObject({ ok: true });
      expect(await c.invoke('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
    }
  });

  it('bad input is refused with invalid_input and writes nothing: a day that does not exist, a range backwards, a page too large, a malformed action, unknown fields', async () => {
    await row('agent', '2026-11-21T09:00:00Z', { action: 'members.addNote', channel: 'desk', memberId: kari });
    const before = state();
    const bad: [string, unknown][] = [
      ['audit.list', { from: '2026-02-30' }],
      ['audit.list', { from: '2026-11-21', to: '2026-11-20' }],
      ['audit.list', { limit: 0 }],
      ['audit.list', { limit: 201 }],
      ['audit.list', { before: 0 }],
      ['audit.list', { before: 1.5 }],
      ['audit.list', { memberNo: -4 }],
      ['audit.list', { userId: 'admin' }],
      ['audit.list', { action: "x'; DROP TABLE audit_log; --" }],
      ['audit.list', { channel: 'DESK' }],
      ['audit.list', { memberId: kari }],
      ['audit.list', { offset: 50 }],
      ['audit.export', { format: 'pdf' }],
      ['audit.export', { to: '2026-13-01' }],
      ['audit.export', { path: '/tmp/x.csv' }],
      ['audit.export', { before: 10 }],
      ['audit.facets', { all: true }],
      ['audit.verify', { table: 'audit_log' }],
    ];
    for (const [name, input] of bad) {
      const result = await sup.invoke(name, input);
      expect(result, `${name} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(state()).toBe(before);
  });

  it('a member number nobody has is not_found, naming the field, and writes nothing', async () => {
    const before = state();
    expect(await sup.invoke('audit.list', { memberNo: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'memberNo', memberNo: 999_999 } } });
    expect(await sup.invoke('audit.export', { memberNo: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(state()).toBe(before);
  });
});
