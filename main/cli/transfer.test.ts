import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestClock } from '../clock.js';
import { verifyChain } from '../db/audit-chain.js';
import { isTempName } from '../db/db-files.js';
import { openDesk, type Connection, type Desk } from '../desk.js';
import type { ServiceContext } from '../services/context.js';
import { explainBalance } from '../services/explain.js';
import { checkLedger } from '../services/invariants.js';
import { memberLots } from '../services/ledger.js';
import { memberLedger, searchMembers } from '../services/members.js';
import { runMonth } from '../services/monthly-run.js';
import { DEMO_PASSWORDS, seedDemo } from '../services/seed/index.js';
import { memberTimeline } from '../services/timeline.js';
import { MANIFEST_FILE, NO_PASSWORD_MARKER, NOT_EXPORTED, TRANSFER_FORMAT, TRANSFER_TABLES, type Manifest } from '../services/transfer-format.js';
import { auditCommand } from './commands/audit.js';
import { checkCommand } from './commands/check.js';
import { setPasswordCommand } from './commands/set-password.js';
import { exportAllCommand, importAllCommand } from './commands/transfer.js';
import { runCli } from './run.js';

/**
 * B15 (issue 14): the program out and in. A seeded demo desk with a month of desk work on top
 * (searches, page views, a note, a contact correction, a redemption, corrections, a stock change,
 * an earnings file, the monthly run) goes out through `export-all` and into a new file through
 * `import-all`, and the two desks are the same: every row of every exported table, every member's
 * balance, lots, ledger, timeline and explanation; `check` and `audit verify` pass on the new desk;
 * its users cannot sign in until an admin sets a password. And what import-all refuses: an unknown
 * format version, a file whose checksum does not match, a target that holds data, a broken line
 * (named by file and line), a row the desk refuses half-way (no desk is left behind).
 */

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'transfer-test-'));
const N = 1024;
const sourceFile = join(dir, 'source.db');
const exportDir = join(dir, 'export');
const targetFile = join(dir, 'target.db');

let source: Desk;
let target: Desk;
let sourceCtx: ServiceContext;
let targetCtx: ServiceContext;
let exported: { code: number; out: string; err: string };
let imported: { code: number; out: string; err: string };

/** Runs a command line through runCli (exit code, and what it printed on stdout and stderr). */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.map(String).join(' ')));
  try {
    const code = await runCli(argv, [exportAllCommand, importAllCommand, checkCommand, auditCommand, setPasswordCommand], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
  }
}

const rowsOf = (desk: Desk, sql: string, ...params: unknown[]): Record<string, unknown>[] => desk.store.sqlite.prepare(sql).all(...params) as Record<string, unknown>[];
const countOf = (desk: Desk, table: string): number => Number(desk.store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
const tableRows = (desk: Desk, spec: (typeof TRANSFER_TABLES)[number]): Record<string, unknown>[] =>
  rowsOf(desk, `SELECT ${spec.fields.map((f) => `"${f.name}"`).join(', ')} FROM ${spec.table} ORDER BY ${spec.key.join(', ')}`);

async function signedIn(desk: Desk, username: keyof typeof DEMO_PASSWORDS): Promise<Connection> {
  const c = desk.connect();
  await c.call('auth.login', { username, password: DEMO_PASSWORDS[username] });
  return c;
}

/** A month of desk work on the seeded desk, through the router as the window does it. */
async function deskWork(clock: TestClock): Promise<void> {
  const one = <T>(sql: string, ...params: unknown[]): T => source.store.sqlite.prepare(sql).get(...params) as T;
  const agent = await signedIn(source, 'agent');
  const supervisor = await signedIn(source, 'supervisor');
  // A failed sign-in too (sign_ins), and a session that stays open (sessions are not exported).
  await expect(source.login('agent', 'wrong password')).rejects.toMatchObject({ code: 'bad_credentials' });

  const product = one<{ id: number; points_price: number }>(
    "SELECT id, points_price FROM bonus_products WHERE state = 'available' AND stock > 5 AND id NOT IN (SELECT product_id FROM launch_products) ORDER BY points_price LIMIT 1",
  );
  const rich = one<{ id: number; member_no: number; last_name: string }>(
    `SELECT m.id, m.member_no, m.last_name FROM members m WHERE m.state = 'active' AND m.balance >= ? AND anonymised_at IS NULL
       AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.member_id = m.id AND s.status = 'active') ORDER BY m.balance DESC LIMIT 1`,
    product.points_price * 3,
  );
  await agent.call('members.search', { query: rich.last_name });
  await agent.call('members.get', { memberId: rich.id });
  await agent.call('members.addNote', { memberId: rich.id, body: 'Ringte om saldoen – «takk for hjelpen»' });
  await agent.call('members.updateContact', { memberId: rich.id, identityChecked: true, city: 'Tromsø', postcode: '9008' });
  await agent.call('redemptions.create', {
    memberId: rich.id,
    channel: 'phone',
    lines: [{ productId: product.id, quantity: 1 }],
    delivery: 'next_delivery',
    identity: { memberNo: true, address: true, email: false, phone: false },
    idempotencyKey: 'transfer-test-1',
    postageOre: 0,
  });
  // B11: a withholding booked at once, and a credit above the threshold waiting for approval.
  await supervisor.call('corrections.create', { memberId: rich.id, kind: 'withhold', points: 100, reason: 'Feilregistrert levering' });
  await supervisor.call('corrections.create', { memberId: rich.id, kind: 'manual_credit', points: 6_000, reason: 'Kompensasjon', reasonCategory: 'goodwill', caseRef: 'SAK-2026-17' });
  await supervisor.call('catalog.adjustStock', { productId: product.id, delta: 5, reason: 'Varelevering' });
  const code = one<{ code: string }>("SELECT code FROM earning_products WHERE active = 1 ORDER BY code LIMIT 1").code;
  await supervisor.call('earnings.import', { fileName: 'november.csv', content: `medlemsnummer;produkt;antall;leveringsdato\n${rich.member_no};${code};2;2026-11-10\n` });

  // B6: the monthly run of November books the earnings file, expiry, caps and deletions.
  clock.set('2026-12-01T06:00:00Z');
  const summary = await runMonth({ ...sourceCtx, user: null }, '2026-11');
  expect(summary.status).toBe('done');

  // Tables the desk work above does not reach yet (the billing feed, a held email order): rows as their writers leave them.
  const sqlite = source.store.sqlite;
  const changeId = Number(sqlite.prepare('SELECT max(id) FROM contact_changes').pluck().get());
  sqlite
    .prepare(`INSERT INTO billing_files (kind, file_name, content_hash, started_at, finished_at, imported_by, status, rows_total, applied_through, rows_applied, counts)
              VALUES ('customers', 'kunder.csv', ?, '2026-11-25T08:00:00.000Z', '2026-11-25T08:00:01.000Z', NULL, 'done', 1, 1, 1, '{"created":1}')`)
    .run('c'.repeat(64));
  sqlite
    .prepare(`INSERT INTO billing_customers (member_no, first_name, last_name, city, postcode, file_id, line_no) VALUES (990001, 'Åse', 'Ødegård', 'Bodø', '8006', 1, 2)`)
    .run();
  sqlite
    .prepare(`INSERT INTO billing_conflicts (member_id, field, billing_value, desk_value, contact_change_id, file_id, line_no, found_at) VALUES (?, 'city', 'Sortland', 'Tromsø', ?, 1, 2, '2026-11-25T08:00:01.000Z')`)
    .run(rich.id, changeId);
  sqlite
    .prepare(`INSERT INTO held_orders (member_id, launch_id, received_at, email_from, email_subject, lines, status, outcome, created_at, created_by, resolved_at)
              VALUES (?, NULL, '2026-11-20T07:10:00.000Z', 'kari@example.no', 'Bestilling', ?, 'withdrawn', 'Kunden angret', '2026-11-20T07:12:00.000Z', 1, '2026-11-20T09:00:00.000Z')`)
    .run(rich.id, JSON.stringify([{ productId: product.id, quantity: 1 }]));
}

beforeAll(async () => {
  const clock = new TestClock('2026-11-21T09:00:00Z');
  source = await openDesk({ file: sourceFile, clock, passwordN: N, idleCheckpointMs: 0 });
  sourceCtx = { store: source.store, clock, user: null, passwords: { N } };
  await seedDemo(sourceCtx, { members: 150, seed: 7 });
  await deskWork(clock);
  // The source desk stays open while it is exported (as a running desk would).
  exported = await cli(['export-all', '--db', sourceFile, '--out', exportDir, '--now', '2026-12-01T07:00:00Z']);
  imported = await cli(['import-all', '--db', targetFile, '--from', exportDir, '--now', '2026-12-02T08:00:00Z']);
  const targetClock = new TestClock('2026-12-01T06:00:00Z');
  target = await openDesk({ file: targetFile, clock: targetClock, passwordN: N, idleCheckpointMs: 0 });
  targetCtx = { store: target.store, clock: targetClock, user: null, passwords: { N } };
}, 120_000);

afterAll(() => {
  source.close();
  target.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('export-all and import-all (B15)', () => {
  it('B15: export-all writes one JSON Lines file per table and the manifest: format, version, schema, and rows and SHA-256 per file', () => {
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(exportDir, MANIFEST_FILE), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ format: TRANSFER_FORMAT, format_version: 1 });
    expect(manifest.exported_at.startsWith('2026-12-01T07:00:')).toBe(true);
    expect(manifest.schema_version).toMatch(/^\d{4}_/);
    expect(manifest.files.map((f) => f.file)).toEqual(TRANSFER_TABLES.map((t) => `${t.table}.jsonl`));
    expect(readdirSync(exportDir).sort()).toEqual([MANIFEST_FILE, ...TRANSFER_TABLES.map((t) => t.file)].sort());
    for (const f of manifest.files) {
      const bytes = readFileSync(join(exportDir, f.file));
      expect(createHash('sha256').update(bytes).digest('hex'), f.file).toBe(f.sha256);
      expect(bytes.length, f.file).toBe(f.bytes);
      expect(bytes.toString('utf8').split('\n').length - 1, f.file).toBe(f.rows);
      expect(f.rows, `${f.table} has rows, so the round trip covers it`).toBeGreaterThan(0);
      expect(f.rows, f.table).toBe(countOf(source, f.table));
    }
    // One object a line, the table's columns as keys; no password hash, no session.
    const users = readFileSync(join(exportDir, 'users.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(users.map((u) => u['username'])).toEqual(['agent', 'supervisor', 'manager', 'admin']);
    for (const u of users) expect(u).not.toHaveProperty('password_hash');
    expect(readFileSync(join(exportDir, 'users.jsonl'), 'utf8')).not.toContain('scrypt$');
    expect(countOf(source, 'sessions')).toBeGreaterThan(0);
    expect(manifest.files.some((f) => f.table === 'sessions' || f.table === 'sign_in_throttles')).toBe(false);
  });

  it('B15: import-all builds a desk whose every exported table equals the source, row for row (users without their password hashes)', () => {
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    for (const spec of TRANSFER_TABLES) {
      const a = tableRows(source, spec);
      const b = tableRows(target, spec);
      if (spec.table === 'audit_log') {
        // B14: the export's own row is in the export; the import adds its row at the end of the chain.
        expect(a.at(-1)?.['action']).toBe('transfer.exportAll');
        expect(b.slice(0, -1)).toEqual(a);
        expect(b.at(-1)).toMatchObject({ action: 'transfer.importAll', channel: 'system', user_id: null });
      } else expect(b, spec.table).toEqual(a);
    }
    // The name search is the index the desk builds (its trigger), not copied.
    expect(countOf(target, 'member_names')).toBe(countOf(source, 'member_names'));
    expect(rowsOf(target, 'SELECT DISTINCT password_hash FROM users')).toEqual([{ password_hash: NO_PASSWORD_MARKER }]);
    for (const table of ['sessions', 'sign_in_throttles', 'run_claims']) expect(countOf(target, table), table).toBe(0);
    // Whole or absent: nothing but the new desk beside it.
    expect(readdirSync(dir).filter(isTempName)).toEqual([]);
  });

  it('B15: every member has the same balance, lots, ledger, timeline and explanation on both desks, and the name search finds the same members', async () => {
    const members = rowsOf(source, 'SELECT id, balance FROM members ORDER BY id') as { id: number; balance: number }[];
    expect(members.length).toBe(150);
    for (const { id, balance } of members) {
      expect(rowsOf(target, 'SELECT balance FROM members WHERE id = ?', id)).toEqual([{ balance }]);
      expect(await memberLots(target.store, id)).toEqual(await memberLots(source.store, id));
      expect(await memberLedger(targetCtx, id, undefined, 500)).toEqual(await memberLedger(sourceCtx, id, undefined, 500));
      expect(await memberTimeline(targetCtx, id, 500)).toEqual(await memberTimeline(sourceCtx, id, 500));
      expect(await explainBalance(targetCtx, id)).toEqual(await explainBalance(sourceCtx, id));
    }
    const surname = String(rowsOf(source, 'SELECT last_name FROM members ORDER BY id LIMIT 1')[0]?.['last_name']);
    expect(await searchMembers(targetCtx, surname, 50)).toEqual(await searchMembers(sourceCtx, surname, 50));
  });

  it('B15, B12a, B14: check and audit verify pass on the new desk, the chains being the exported ones', async () => {
    expect((await checkLedger(targetCtx)).failures).toEqual([]);
    for (const table of ['audit_log', 'member_access_log'] as const) {
      expect((await verifyChain(target.store, table)).broken, table).toBeNull();
      expect(countOf(target, table)).toBeGreaterThan(1);
    }
    const check = await cli(['check', '--db', targetFile]);
    expect(check.code).toBe(0);
    expect(check.out).toContain('OK: 150 members');
    const verify = await cli(['audit', 'verify', '--db', targetFile]);
    expect(verify.code).toBe(0);
    expect(verify.out).toContain(`OK: audit_log: ${countOf(target, 'audit_log')} rows, the chain holds.`);
    expect(verify.out).toContain(`OK: member_access_log: ${countOf(target, 'member_access_log')} rows, the chain holds.`);
  });

  it('B15: imported users cannot sign in (bad_credentials) until an admin sets a password with set-password', async () => {
    expect(imported.out).toContain('set-password');
    for (const username of ['admin', 'agent'] as const) {
      await expect(target.login(username, DEMO_PASSWORDS[username])).rejects.toMatchObject({ code: 'bad_credentials' });
      await expect(target.login(username, NO_PASSWORD_MARKER)).rejects.toMatchObject({ code: 'bad_credentials' });
    }
    vi.stubEnv('DESK_PASSWORD', 'a new long password');
    try {
      const set = await cli(['set-password', '--db', targetFile, '--user', 'admin']);
      expect(set.err).toBe('');
      expect(set.code).toBe(0);
      expect(set.out).toContain('Password set for admin');
      const unknown = await cli(['set-password', '--db', targetFile, '--user', 'nobody']);
      expect(unknown.code).toBe(1);
      expect(unknown.err).toContain('There is no user nobody');
    } finally {
      vi.unstubAllEnvs();
    }
    const session = await target.login('admin', 'a new long password');
    expect(session.user).toMatchObject({ username: 'admin', role: 'admin' });
    // The others still wait for theirs.
    await expect(target.login('agent', DEMO_PASSWORDS.agent)).rejects.toMatchObject({ code: 'bad_credentials' });
  });

  it('B15: set-password as the admin runs it, the password piped on stdin', async () => {
    const env = { ...process.env };
    delete env['DESK_PASSWORD'];
    const r = spawnSync('npx', ['tsx', 'main/cli/index.ts', 'set-password', '--db', targetFile, '--user', 'Agent'], {
      cwd: root,
      env,
      input: 'the agent’s new password\n',
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Password set for agent; they can sign in now.');
    expect((await target.login('agent', 'the agent’s new password')).user.username).toBe('agent');
  }, 120_000);
});

describe('what import-all refuses (B15)', () => {
  let n = 0;
  /** A copy of the export to spoil, and a new target path beside it. */
  function copy(): { from: string; to: string } {
    n += 1;
    const from = join(dir, `spoilt-${n}`);
    cpSync(exportDir, from, { recursive: true });
    const folder = join(dir, `into-${n}`);
    mkdirSync(folder);
    return { from, to: join(folder, 'new.db') };
  }
  const manifestOf = (from: string): Manifest => JSON.parse(readFileSync(join(from, MANIFEST_FILE), 'utf8')) as Manifest;
  const writeManifest = (from: string, m: Manifest): void => writeFileSync(join(from, MANIFEST_FILE), JSON.stringify(m, null, 2));
  /** Rewrites one line of a file and the manifest's figures for it, so only the line itself is wrong. */
  function spoilLine(from: string, file: string, line: number, edit: (text: string) => string): void {
    const path = join(from, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[line - 1] = edit(lines[line - 1] ?? '');
    const text = lines.join('\n');
    writeFileSync(path, text);
    const m = manifestOf(from);
    const entry = m.files.find((f) => f.file === file);
    if (entry === undefined) throw new Error(file);
    entry.sha256 = createHash('sha256').update(text).digest('hex');
    entry.bytes = Buffer.byteLength(text);
    writeManifest(from, m);
  }
  /** Nothing was left at the target: no desk, no temporary file. */
  function nothingAt(to: string): void {
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(resolve(to, '..'))).toEqual([]);
  }

  it('B15: an unknown format version, named', async () => {
    const { from, to } = copy();
    writeManifest(from, { ...manifestOf(from), format_version: 2 });
    const r = await cli(['import-all', '--db', to, '--from', from]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('format version 2; this desk reads version 1 only (bad_file)');
    nothingAt(to);
  });

  it('B15: an export from a newer desk (a schema this desk does not know), and a folder without a manifest', async () => {
    const { from, to } = copy();
    writeManifest(from, { ...manifestOf(from), schema_version: '9999_from_the_future' });
    const newer = await cli(['import-all', '--db', to, '--from', from]);
    expect(newer.code).toBe(1);
    expect(newer.err).toContain('made by a newer Bonus desk (schema 9999_from_the_future)');
    rmSync(join(from, MANIFEST_FILE));
    const none = await cli(['import-all', '--db', to, '--from', from]);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`has no ${MANIFEST_FILE}`);
    nothingAt(to);
  });

  it('B15: a file whose checksum does not match (one byte flipped), named', async () => {
    const { from, to } = copy();
    const path = join(from, 'members.jsonl');
    const bytes = readFileSync(path);
    const at = bytes.indexOf('"first_name":"') + 14;
    bytes[at] = (bytes[at] ?? 65) ^ 0x01;
    writeFileSync(path, bytes);
    const r = await cli(['import-all', '--db', to, '--from', from]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('members.jsonl: its checksum does not match the manifest');
    nothingAt(to);
  });

  it('B15: a target that already holds data is refused before anything is written', async () => {
    const before = { size: statSync(sourceFile).size, members: countOf(source, 'members'), audit: countOf(source, 'audit_log') };
    const r = await cli(['import-all', '--db', sourceFile, '--from', exportDir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already holds data \(4 users, 150 members, [\d\s ]+ ledger_entries\).*\(conflict\)/);
    expect({ size: statSync(sourceFile).size, members: countOf(source, 'members'), audit: countOf(source, 'audit_log') }).toEqual(before);
    expect(readdirSync(dir).filter(isTempName)).toEqual([]);
  });

  it('B15: a line that does not parse is refused with its file and line number', async () => {
    const { from, to } = copy();
    spoilLine(from, 'members.jsonl', 3, (line) => line.slice(0, 40));
    const r = await cli(['import-all', '--db', to, '--from', from]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('members.jsonl line 3: not a JSON object');
    nothingAt(to);
  });

  it('B15: a line with a field of the wrong kind, or one missing, is refused with its file, line and field', async () => {
    const wrong = copy();
    spoilLine(wrong.from, 'ledger_entries.jsonl', 5, (line) => line.replace(/"amount":-?\d+/, '"amount":"12"'));
    const r1 = await cli(['import-all', '--db', wrong.to, '--from', wrong.from]);
    expect(r1.code).toBe(1);
    expect(r1.err).toContain('ledger_entries.jsonl line 5: amount must be a whole number, not "12"');
    nothingAt(wrong.to);
    const missing = copy();
    spoilLine(missing.from, 'ledger_entries.jsonl', 2, (line) => line.replace(/"reason":"[^"]*",/, ''));
    const r2 = await cli(['import-all', '--db', missing.to, '--from', missing.from]);
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('ledger_entries.jsonl line 2: the field reason is missing');
    nothingAt(missing.to);
  });

  it('B15: a row the desk refuses half-way (a lot that does not exist) names its line, and leaves no half desk behind', async () => {
    const { from, to } = copy();
    spoilLine(from, 'lot_allocations.jsonl', 2, (line) => line.replace(/"lot_id":\d+/, '"lot_id":99999999'));
    const r = await cli(['import-all', '--db', to, '--from', from, '--batch-size', '100']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('lot_allocations.jsonl line 2: the desk refuses this row (FOREIGN KEY constraint failed)');
    nothingAt(to);
  });

  it('B15: export-all refuses a folder that is not empty (an earlier export stays as it was)', async () => {
    const before = readFileSync(join(exportDir, MANIFEST_FILE), 'utf8');
    const r = await cli(['export-all', '--db', sourceFile, '--out', exportDir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not empty');
    expect(readFileSync(join(exportDir, MANIFEST_FILE), 'utf8')).toBe(before);
  });
});

describe('the transfer format (B15)', () => {
  const schema = (sql: string, ...params: unknown[]): Record<string, unknown>[] => target.store.sqlite.prepare(sql).all(...params) as Record<string, unknown>[];

  it('B15: covers every table and column of the migrated schema, with its type and whether it may be null, except what is documented as not exported', () => {
    const tables = schema("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'member_names_%' ORDER BY name").map(
      (r) => String(r['name']),
    );
    const covered = [...TRANSFER_TABLES.map((t) => t.table), ...Object.keys(NOT_EXPORTED).filter((k) => !k.includes('.'))];
    expect([...covered].sort()).toEqual(tables);
    for (const spec of TRANSFER_TABLES) {
      const columns = schema(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, spec.table)
        .filter((c) => !Object.hasOwn(NOT_EXPORTED, `${spec.table}.${String(c['name'])}`))
        .map((c) => ({ name: c['name'], type: String(c['type']) === 'INTEGER' ? 'integer' : 'text', nullable: c['notnull'] === 0 && c['pk'] === 0 }));
      expect(spec.fields, spec.table).toEqual(columns);
      const pk = schema(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, spec.table).map((c) => c['name']);
      expect(spec.key, `${spec.table} is written in its primary key's order`).toEqual(pk);
    }
  });

  it('B15: lists every table after the tables its foreign keys point to (the order an import writes them)', () => {
    const order: string[] = TRANSFER_TABLES.map((t) => t.table);
    for (const [i, spec] of TRANSFER_TABLES.entries()) {
      for (const fk of schema('SELECT "table" FROM pragma_foreign_key_list(?)', spec.table)) {
        const parent = String(fk['table']);
        expect(order.indexOf(parent), `${spec.table} -> ${parent}`).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(parent), `${spec.table} -> ${parent}`).toBeLessThanOrEqual(i);
      }
    }
  });

  it('B15: docs/transfer.md describes every file and every field, and what is not exported', () => {
    const doc = readFileSync(join(root, 'docs', 'transfer.md'), 'utf8');
    const sections = doc.split(/^### /m);
    for (const spec of TRANSFER_TABLES) {
      const section = sections.find((s) => s.startsWith(`\`${spec.file}\``));
      expect(section, `a section "### \`${spec.file}\`"`).toBeDefined();
      for (const f of spec.fields) expect(section, `${spec.file}: ${f.name}`).toMatch(new RegExp(`^\\| \`${f.name}\` \\|`, 'm'));
    }
    for (const what of Object.keys(NOT_EXPORTED)) expect(doc, what).toContain(`\`${what}\``);
    expect(doc).toContain(NO_PASSWORD_MARKER);
  });
});
