import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { backupDatabase } from './backup.js';
import { DatabaseInUseError } from './db-files.js';
import { openDatabase } from './open.js';
import {
  applyPendingRestore,
  BackupRefusedError,
  checkBackup,
  pendingRestorePath,
  readPendingRestore,
  restoreBackup,
  schedulePendingRestore,
  type BackupProblem,
} from './restore.js';

/** Issue 10: a restore checks the backup, keeps the current file aside and puts the backup in place whole. */

const NOW = '2026-11-21T09:00:00.000Z';
let t: TestDesk;
let good: string;

/** What the desk holds, table by table (the audit log aside: a restore adds its own row). */
function content(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const table of ['members', 'ledger_entries', 'point_lots', 'lot_allocations', 'users', 'settings']) {
      hash.update(table + JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().all()));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** The file's bytes and the SQLite files beside it: "untouched" means both stay the same. */
function snapshot(file: string): string {
  const dir = join(file, '..');
  const hash = createHash('sha256').update(readFileSync(file));
  return `${hash.digest('hex')} ${readdirSync(dir).filter((n) => n.startsWith('desk')).sort().join(',')}`;
}

function variant(name: string, change: (path: string) => void): string {
  const path = join(t.dir, 'backups', name);
  copyFileSync(good, path);
  change(path);
  return path;
}

function sql(path: string, text: string): void {
  const db = new BetterSqlite3(path);
  db.exec(text);
  db.close();
}

beforeAll(async () => {
  t = await testDesk(NOW);
  const m = await t.aMember({ firstName: 'Åse', lastName: 'Berg' });
  await t.earn(m, 1_200, '2026-03-01');
  good = await backupDatabase(t.desk.store, join(t.dir, 'backups'), 'manual', t.clock.now());
  // The desk moves on after the backup: another member, more points.
  const later = await t.aMember({ firstName: 'Ola', lastName: 'Dahl' });
  await t.earn(later, 800, '2026-10-01');
}, 120_000);
afterAll(() => t.close());

describe('checkBackup', () => {
  it('reports a good backup: its migrations and the rows of the main tables', () => {
    const report = checkBackup(good);
    expect(report).toMatchObject({ ok: true, problem: null, findings: [], counts: { members: 1, users: 4 } });
    expect(report.counts?.ledger_entries).toBe(1);
    expect(report.counts?.point_lots).toBe(1);
    expect(report.counts?.audit_log).toBeGreaterThan(0);
    expect(report.migrations.unknown).toEqual([]);
    expect(report.migrations.pending).toEqual([]);
    expect(report.migrations.applied.length).toBeGreaterThan(0);
  });

  it.each<[string, BackupProblem, (path: string) => void]>([
    ['a truncated copy', 'damaged', (path) => truncateSync(path, Math.floor(readFileSync(path).length / 2))],
    ['a text file', 'not_a_database', (path) => writeFileSync(path, 'medlemsnummer;navn\n100001;Kari\n')],
    ['a copy with a damaged page (integrity_check fails)', 'damaged', (path) => {
      // Page 3 onwards overwritten with noise: the header and size still look right.
      const bytes = readFileSync(path);
      for (let i = 2 * 4096; i < Math.min(bytes.length, 6 * 4096); i += 1) bytes[i] = (i * 7919) % 251;
      writeFileSync(path, bytes);
    }],
    ['an empty file', 'not_a_database', (path) => writeFileSync(path, '')],
    ['a file from a newer app', 'from_newer_app', (path) => sql(path, "INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_future', '2030-01-01')")],
    ['a desk without users', 'no_users', (path) => sql(path, 'PRAGMA foreign_keys = OFF; DELETE FROM sessions; DELETE FROM users;')],
    ['a database that is not a desk', 'not_a_desk', (path) => {
      writeFileSync(path, '');
      sql(path, 'CREATE TABLE t (x)');
    }],
  ])('refuses %s (%s), and changes nothing in it', (name, problem, change) => {
    const path = variant(`bonus-desk-2026-11-20T09-00-00-000Z-${problem}.db`, change);
    const before = readFileSync(path);
    const report = checkBackup(path);
    expect(report.ok, name).toBe(false);
    expect(report.problem, report.message).toBe(problem);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
  });

  it('says so when there is no file', () => {
    expect(checkBackup(join(t.dir, 'nothing.db')).problem).toBe('missing');
  });
});

describe('restoreBackup', () => {
  it('puts the backup in place whole, keeps the current file aside, and the desk opens it', async () => {
    const target = join(t.dir, 'restore-good', 'desk.db');
    mkdirSync(join(t.dir, 'restore-good'));
    // The current file: a copy of the desk as it is now (two members), closed.
    await backupDatabase(t.desk.store, join(t.dir, 'restore-good'), 'now', t.clock.now()).then((p) => copyFileSync(p, target));
    const current = content(target);
    expect(current).not.toBe(content(good));

    const result = restoreBackup(target, good, { now: t.clock.now() });
    expect(result.report.ok).toBe(true);
    expect(result.aside).toBe(`${target}.before-restore-2026-11-21T09-00-00-000Z`);
    expect(content(target)).toBe(content(good));
    expect(content(result.aside ?? '')).toBe(current);
    expect(readdirSync(join(t.dir, 'restore-good')).filter((n) => n.startsWith('.'))).toEqual([]);

    const desk = await openDesk({ file: target, clock: t.clock, idleCheckpointMs: 0 });
    try {
      expect(desk.store.sqlite.prepare('SELECT count(*) FROM members').pluck().get()).toBe(1);
    } finally {
      desk.close();
    }
  });

  it('refuses a bad backup before touching the current file', () => {
    const bad = variant('bonus-desk-2026-11-20T10-00-00-000Z-manual.db', (path) => truncateSync(path, 3000));
    const before = snapshot(t.file);
    expect(() => restoreBackup(t.file, bad, { now: t.clock.now() })).toThrow(BackupRefusedError);
    expect(snapshot(t.file)).toBe(before);
  });

  it('refuses while the desk has the file open (here: this process), and changes nothing', () => {
    const before = snapshot(t.file);
    expect(() => restoreBackup(t.file, good, { now: t.clock.now() })).toThrow(DatabaseInUseError);
    expect(snapshot(t.file)).toBe(before);
    expect(readdirSync(t.dir).filter((n) => n.includes('before-restore'))).toEqual([]);
  });
});

describe('a backup from an older app', () => {
  it('is restored and migrated forward when the desk opens it, after its own pre-migration backup', async () => {
    const names = Object.keys(migrations);
    const last = names.at(-1) ?? '';
    const older = names.at(-2) ?? '';
    const dir = join(t.dir, 'older');
    mkdirSync(dir);
    const from = join(dir, 'bonus-desk-2025-01-01T09-00-00-000Z-manual.db');
    const db = openDatabase({ file: from });
    const result = await new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateTo(older);
    expect(result.error).toBeUndefined();
    db.sqlite.prepare("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('admin', 'Gammel Admin', 'admin', 'x', ?)").run(NOW);
    db.sqlite.close();

    const report = checkBackup(from);
    expect(report).toMatchObject({ ok: true, migrations: { pending: [last], unknown: [] }, counts: { users: 1, members: 0 } });
    const target = join(dir, 'desk.db');
    restoreBackup(target, from, { now: t.clock.now() });
    const desk = await openDesk({ file: target, clock: t.clock, idleCheckpointMs: 0 });
    try {
      expect(desk.store.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1').pluck().get()).toBe(last);
      expect(desk.store.sqlite.prepare('SELECT display_name FROM users').pluck().all()).toEqual(['Gammel Admin']);
    } finally {
      desk.close();
    }
    expect(readdirSync(join(dir, 'backups')).some((n) => n.endsWith(`-before-${last}.db`))).toBe(true);
  });
});

describe('a restore scheduled for the next start', () => {
  it('is done before opening, once; a failed one is recorded and not retried', () => {
    // No marker: nothing happens.
    expect(applyPendingRestore(join(t.dir, 'none.db'), { now: t.clock.now() })).toBeNull();

    // A marker naming a backup that is gone: the attempt fails, the marker says why, and stays.
    const ghost = join(t.dir, 'ghost.db');
    schedulePendingRestore(ghost, { database: 'ghost.db', backup: join(t.dir, 'gone.db'), scheduledAt: NOW, scheduledBy: 'admin' });
    const failed = applyPendingRestore(ghost, { now: t.clock.now() });
    expect(failed).toMatchObject({ kind: 'failed' });
    expect(readPendingRestore(ghost)?.failed?.message).toContain('no backup file');
    expect(applyPendingRestore(ghost, { now: t.clock.now() })).toBeNull();

    // A good one: swapped, marker gone.
    const file = join(t.dir, 'swap.db');
    copyFileSync(good, file);
    sql(file, "UPDATE users SET display_name = 'Changed after the backup'");
    schedulePendingRestore(file, { database: 'swap.db', backup: good, scheduledAt: NOW, scheduledBy: 'admin' });
    const done = applyPendingRestore(file, { now: t.clock.now() });
    expect(done).toMatchObject({ kind: 'restored', backup: good });
    expect(existsSync(pendingRestorePath(file))).toBe(false);
    expect(content(file)).toBe(content(good));
  });
});
