import { copyFileSync, existsSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../db/backup.js';
import { pendingRestorePath } from '../db/restore.js';
import { openDesk, type Connection, type Desk } from '../desk.js';
import { refusal } from '../testing/refusal.js';
import { TEST_PASSWORD_N, testDesk, type TestDesk } from '../testing/test-desk.js';

/**
 * Issue 10, the app's restore: the admin lists the backups in `backups/` beside the database,
 * checks one, and schedules a restore; the desk answers that it must be restarted, and the next
 * openDesk puts the backup in place before it opens the file, keeping the old file aside.
 */

const NOW = '2026-11-21T09:00:00.000Z';
let t: TestDesk;
let admin: Connection;
let backups: string;
let good: string;
let reopened: Desk | null = null;

function rows(file: string, query: string): unknown[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(query).raw().all();
  } finally {
    db.close();
  }
}
const MEMBERS = 'SELECT id, member_no, first_name, balance FROM members ORDER BY id';

beforeAll(async () => {
  t = await testDesk(NOW);
  const m = await t.aMember({ firstName: 'Åse', lastName: 'Berg' });
  await t.earn(m, 1_500, '2026-02-01');
  backups = join(t.dir, 'backups');
  good = await backupDatabase(t.desk.store, backups, 'daily', t.clock.now());
  t.clock.advance(60 * 60 * 1000);
  // After the backup: another member, who is gone again once the backup is restored.
  await t.aMember({ firstName: 'Nils', lastName: 'Lie' });
  admin = await t.as('admin');
}, 120_000);
afterAll(() => {
  reopened?.close();
  rmSync(t.dir, { recursive: true, force: true });
});

describe('backups.list and backups.check', () => {
  it('lists the completed backups with time, size and a quick look, never a temporary file', async () => {
    writeFileSync(join(backups, `.bonus-desk-2026-11-21T08-00-00-000Z-daily.db.partial-${process.pid}-abcdef`), '');
    writeFileSync(join(backups, 'notes.txt'), 'not a backup');
    const list = await admin.call('backups.list', {});
    expect(list.folder).toBe(backups);
    expect(list.pending).toBeNull();
    expect(list.backups).toEqual([{ name: 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db', kind: 'daily', takenAt: NOW, bytes: expect.any(Number) as number, looks: 'whole' }]);
  });

  it('checks a backup in full: integrity, migrations, the rows of the main tables', async () => {
    const { check } = await admin.call('backups.check', { name: 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db' });
    expect(check).toMatchObject({ ok: true, problem: null, counts: { members: 1, users: 4, ledger_entries: 1, point_lots: 1 }, migrations: { pending: [], unknown: [] } });
    expect(await refusal(() => admin.call('backups.check', { name: 'bonus-desk-2020-01-01T00-00-00-000Z-daily.db' }))).toMatchObject({ code: 'not_found' });
    expect(await refusal(() => admin.call('backups.check', { name: '../desk.db' }))).toMatchObject({ code: 'invalid_input' });
  });

  it('is the admin’s alone', async () => {
    for (const role of ['agent', 'supervisor', 'manager'] as const) {
      const c = await t.as(role);
      expect(await refusal(() => c.call('backups.list', {}))).toMatchObject({ code: 'forbidden' });
    }
  });
});

describe('backups.restore', () => {
  it('refuses a backup that fails its check, and schedules nothing', async () => {
    const bad = join(backups, 'bonus-desk-2026-11-20T09-00-00-000Z-manual.db');
    copyFileSync(good, bad);
    truncateSync(bad, 4096 * 3);
    expect((await admin.call('backups.list', {})).backups.find((b) => b.name.endsWith('-manual.db'))?.looks).toBe('damaged');
    expect(await refusal(() => admin.call('backups.restore', { name: 'bonus-desk-2026-11-20T09-00-00-000Z-manual.db' }))).toMatchObject({ code: 'bad_file', details: { problem: 'damaged' } });
    expect(existsSync(pendingRestorePath(t.file))).toBe(false);
  });

  it('can be cancelled before the restart', async () => {
    await admin.call('backups.restore', { name: 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db' });
    expect((await admin.call('backups.list', {})).pending).toMatchObject({ name: 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db', failed: null });
    expect(await admin.call('backups.cancelRestore', {})).toEqual({ cancelled: true });
    expect(await admin.call('backups.cancelRestore', {})).toEqual({ cancelled: false });
    expect(existsSync(pendingRestorePath(t.file))).toBe(false);
  });

  it('schedules the backup for the next start, which swaps it in before opening and keeps the old file aside', async () => {
    const before = rows(t.file, MEMBERS);
    expect(before).toHaveLength(2);
    const answer = await admin.call('backups.restore', { name: 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db' });
    expect(answer).toMatchObject({ restartRequired: true, check: { ok: true }, pending: { name: 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db', scheduledBy: 'admin' } });
    expect(existsSync(pendingRestorePath(t.file))).toBe(true);
    // The desk runs on with its current file until it is restarted.
    expect(rows(t.file, MEMBERS)).toEqual(before);

    t.desk.close();
    reopened = await openDesk({ file: t.file, clock: t.clock, passwordN: TEST_PASSWORD_N, idleCheckpointMs: 0 });
    expect(reopened.restore).toMatchObject({ kind: 'restored', backup: good });
    expect(rows(t.file, MEMBERS)).toEqual(rows(good, MEMBERS));
    expect(existsSync(pendingRestorePath(t.file))).toBe(false);
    const aside = readdirSync(t.dir).filter((n) => n.startsWith('desk.db.before-restore-'));
    expect(aside).toEqual(['desk.db.before-restore-2026-11-21T10-00-00-000Z']);
    expect(rows(join(t.dir, aside[0] ?? ''), MEMBERS)).toEqual(before);
    // The restored desk's audit log says where it came from.
    const last = reopened.store.sqlite.prepare('SELECT action, details FROM audit_log ORDER BY id DESC LIMIT 1').get() as { action: string; details: string };
    expect(last.action).toBe('backups.restored');
    expect(JSON.parse(last.details)).toMatchObject({ backup: 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db', keptAside: aside[0] });
    // And the admin of the backup signs in to it.
    const c = reopened.connect();
    await c.call('auth.login', { username: 'admin', password: 'pw-admin-123' });
    expect((await c.call('backups.list', {})).pending).toBeNull();
  });
});

describe('backups.take and what a restore replaces (issue 13)', () => {
  let d: TestDesk;
  let admin2: Connection;
  beforeAll(async () => {
    d = await testDesk('2026-12-01T07:15:00.000Z');
    const m = await d.aMember({ firstName: 'Kari', lastName: 'Nordmann' });
    await d.earn(m, 700, '2026-03-01');
    admin2 = await d.as('admin');
  }, 120_000);
  afterAll(() => {
    d.close();
    rmSync(d.dir, { recursive: true, force: true });
  });
  const folder = (): string => join(d.dir, 'backups');
  const takes = (): unknown[] => d.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'backups.take'").pluck().all();

  it('takes a backup now: whole, in the list with its time and size, checked, and audited', async () => {
    const { backup } = await admin2.call('backups.take', {});
    expect(backup).toEqual({ name: 'bonus-desk-2026-12-01T07-15-00-000Z-manual.db', kind: 'manual', takenAt: '2026-12-01T07:15:00.000Z', bytes: expect.any(Number) as number, looks: 'whole' });
    expect(backup.bytes).toBeGreaterThan(4096);
    expect((await admin2.call('backups.list', {})).backups).toEqual([backup]);
    // Only the final name is in the folder: no temporary file is left.
    expect(readdirSync(folder())).toEqual([backup.name]);
    expect(rows(join(folder(), backup.name), MEMBERS)).toEqual(rows(d.file, MEMBERS));
    expect(takes()).toEqual([JSON.stringify({ backup: backup.name, bytes: backup.bytes })]);
  });

  it('a second backup in the same millisecond is refused, and leaves the first as it was', async () => {
    expect(await admin2.invoke('backups.take', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(readdirSync(folder())).toHaveLength(1);
    expect(takes()).toHaveLength(1);
  });

  it('the check names what a restore would replace: the database now, its rows and its last change', async () => {
    d.clock.advance(60_000);
    await d.aMember({ firstName: 'Per', lastName: 'Etterpå' });
    const { check, replaces } = await admin2.call('backups.check', { name: 'bonus-desk-2026-12-01T07-15-00-000Z-manual.db' });
    expect(check.counts).toMatchObject({ members: 1 });
    expect(replaces).toMatchObject({ database: 'desk.db', counts: { members: 2, users: 4, ledger_entries: 1, point_lots: 1 } });
    // Per was enrolled a minute after the backup: the last change the restore would take away.
    expect(replaces.lastChangeAt).toBe('2026-12-01T07:16:00.000Z');
    // The scheduled restore's audit row names it too.
    await admin2.call('backups.restore', { name: 'bonus-desk-2026-12-01T07-15-00-000Z-manual.db' });
    const details = JSON.parse(String(d.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'backups.restore'").pluck().get())) as { replaces: unknown };
    expect(details.replaces).toMatchObject({ database: 'desk.db', counts: { members: 2 } });
    await admin2.call('backups.cancelRestore', {});
  });

  it('is the admin’s alone: other roles are refused and no file is written', async () => {
    d.clock.advance(60_000);
    for (const role of ['agent', 'supervisor', 'manager'] as const) {
      const c = await d.as(role);
      expect(await c.invoke('backups.take', {}), role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await c.invoke('backups.check', { name: 'bonus-desk-2026-12-01T07-15-00-000Z-manual.db' }), role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(readdirSync(folder())).toHaveLength(1);
    expect(await admin2.invoke('backups.take', { label: 'mine' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(readdirSync(folder())).toHaveLength(1);
    expect(takes()).toHaveLength(1);
  });
});
