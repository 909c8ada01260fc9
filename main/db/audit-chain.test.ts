import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { accessHash, appendAccess, appendAudit, auditHash, verifyChain } from './audit-chain.js';
import { openDatabase, type DeskDb } from './open.js';
import { sqliteStore } from './sqlite-store.js';

/** Migration 0005 over a file written before it: the existing audit and access rows are chained (B14). */

let dir: string;
let db: DeskDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-chain-'));
  db = openDatabase({ file: join(dir, 'old.db') });
});
afterEach(() => {
  if (db.sqlite.open) db.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

async function migrate(record: typeof migrations): Promise<void> {
  const { error } = await new Migrator({ db: db.kysely, provider: { getMigrations: () => Promise.resolve(record) } }).migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
}

describe('migration 0005: the audit chain', () => {
  it('B14: chains the audit and access rows a file at 0004 holds, in id order, so verify holds and later appends follow on', async () => {
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0005'));
    expect(Object.keys(before)).toEqual(['0001_init', '0002_earnings_row_keys', '0003_run_claims_and_event_keys', '0004_reason_codes']);
    await migrate(before);
    const s = db.sqlite;
    s.exec("INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (1, 'kari', 'Kari', 'agent', 'x', '2026-01-01T00:00:00.000Z')");
    s.exec("INSERT INTO members (id, member_no, first_name, last_name, enrolled_on, created_at) VALUES (7, 910001, 'A', 'B', '2026-01-01', '2026-01-01')");
    s.exec("INSERT INTO members (id, member_no, first_name, last_name, enrolled_on, created_at) VALUES (8, 910002, 'C', 'D', '2026-01-01', '2026-01-01')");
    const auditRow = s.prepare('INSERT INTO audit_log (id, at, user_id, action, channel, member_id, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    auditRow.run(1, '2026-10-01T08:00:00.000Z', 1, 'members.addNote', 'desk', 7, null, '{"noteId":1}');
    auditRow.run(2, '2026-10-01T08:01:00.000Z', null, 'runs.complete', 'system', null, 'Monthly run 2026-09', null);
    auditRow.run(5, '2026-10-02T09:00:00.000Z', 1, 'corrections.add', 'phone', 8, 'Feil', '{"æøå":"ok"}'); // ids need not be dense
    const accessRow = s.prepare('INSERT INTO member_access_log (id, at, user_id, member_id, action) VALUES (?, ?, ?, ?, ?)');
    accessRow.run(1, '2026-10-01T08:00:00.000Z', 1, 7, 'view');
    accessRow.run(2, '2026-10-01T08:30:00.000Z', 1, 8, 'view');
    accessRow.run(3, '2026-10-02T09:00:00.000Z', 1, 7, 'view');

    await migrate(migrations);

    const store = sqliteStore(db, {});
    expect(await verifyChain(store, 'audit_log')).toEqual({ table: 'audit_log', rows: 3, broken: null });
    expect(await verifyChain(store, 'member_access_log')).toEqual({ table: 'member_access_log', rows: 3, broken: null });
    // The migration's hash is the app's: recomputing row 1 by audit-chain.ts gives the stored hash.
    const first = s.prepare('SELECT * FROM member_access_log WHERE id = 1').get() as { hash: string; at: string; user_id: number; member_id: number; action: string; details: null };
    expect(first.hash).toBe(accessHash('', 1, first));
    const firstAudit = s.prepare('SELECT * FROM audit_log WHERE id = 1').get() as Parameters<typeof auditHash>[2] & { hash: string };
    expect(firstAudit.hash).toBe(auditHash('', 1, firstAudit));
    // The old rows keep their content; the member is now nullable and details is new.
    expect(s.prepare('SELECT id, member_id, action, details FROM member_access_log ORDER BY id').all()).toEqual([
      { id: 1, member_id: 7, action: 'view', details: null },
      { id: 2, member_id: 8, action: 'view', details: null },
      { id: 3, member_id: 7, action: 'view', details: null },
    ]);
    // New rows continue the chains.
    expect(await appendAudit(store, { at: '2026-11-01T00:00:00.000Z', user_id: 1, action: 'x', channel: 'desk', member_id: null, reason: null, details: null })).toBe(6);
    expect(await appendAccess(store, { at: '2026-11-01T00:00:00.000Z', user_id: 1, member_id: null, action: 'search', details: '{"query":"a","memberIds":[]}' })).toBe(4);
    expect((await verifyChain(store, 'audit_log')).broken).toBeNull();
    expect((await verifyChain(store, 'member_access_log')).broken).toBeNull();
    // And both are append-only now.
    expect(() => s.prepare('UPDATE member_access_log SET action = ? WHERE id = 1').run('edited')).toThrow(/append-only/);
    expect(() => s.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/);
  });

  it('B14: an edited row breaks its own hash; a removed row breaks the next one', async () => {
    await migrate(migrations);
    const store = sqliteStore(db, {});
    db.sqlite.exec("INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (1, 'kari', 'Kari', 'agent', 'x', '2026-01-01T00:00:00.000Z')");
    for (let i = 1; i <= 4; i += 1) {
      await appendAudit(store, { at: `2026-11-0${i}T00:00:00.000Z`, user_id: 1, action: 'a', channel: 'desk', member_id: null, reason: `r${i}`, details: null });
      await appendAccess(store, { at: `2026-11-0${i}T00:00:00.000Z`, user_id: 1, member_id: null, action: 'search', details: `{"query":"q${i}","memberIds":[]}` });
    }
    db.sqlite.exec('DROP TRIGGER audit_no_update; DROP TRIGGER access_no_delete');
    db.sqlite.prepare("UPDATE audit_log SET reason = 'changed' WHERE id = 3").run();
    db.sqlite.prepare('DELETE FROM member_access_log WHERE id = 2').run();
    expect(await verifyChain(store, 'audit_log')).toEqual({ table: 'audit_log', rows: 3, broken: { id: 3, at: '2026-11-03T00:00:00.000Z', previousId: 2 } });
    expect(await verifyChain(store, 'member_access_log')).toEqual({ table: 'member_access_log', rows: 2, broken: { id: 3, at: '2026-11-03T00:00:00.000Z', previousId: 1 } });
  });
});
