import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandInLists } from '../../migrations/0001_init.js';
import { DatabaseFromFutureError, migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bonus-desk-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = new Date('2026-11-21T09:00:00Z');

describe('migrations', () => {
  it('write literal IN lists in CHECKs out as ORs (SQLite builds a temp index per row for IN), and leave subqueries alone', () => {
    expect(expandInLists("CHECK (kind NOT IN ('earn','release') OR amount > 0)")).toBe("CHECK (NOT (kind = 'earn' OR kind = 'release') OR amount > 0)");
    expect(expandInLists('CHECK (active IN (0,1))')).toBe('CHECK ((active = 0 OR active = 1))');
    expect(expandInLists('WHERE id IN (SELECT member_id FROM t)')).toBe('WHERE id IN (SELECT member_id FROM t)');
  });

  it('create the whole domain as STRICT tables, with the pragmas the desk relies on', async () => {
    const db = openDatabase({ file: join(dir, 'a.db') });
    await migrateToLatest(db, { now });
    const tables = db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'member_names%' AND name NOT LIKE 'kysely_%'").all() as { name: string; sql: string }[];
    for (const name of ['members', 'subscriptions', 'invoices', 'earning_products', 'point_lots', 'ledger_entries', 'lot_allocations', 'bonus_products', 'redemptions', 'redemption_lines', 'launches', 'launch_products', 'users', 'sign_ins', 'audit_log', 'settings', 'terms_versions', 'monthly_runs', 'held_orders', 'member_notes']) {
      expect(tables.map((t) => t.name)).toContain(name);
    }
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // B12a: the ledger refuses edits and deletions.
    db.sqlite.prepare("INSERT INTO members (member_no, first_name, last_name, enrolled_on, created_at) VALUES (1, 'A', 'B', '2026-01-01', '2026-01-01')").run();
    db.sqlite.prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason) VALUES (1, 'earn', 10, '2026-01-01', '2026-01-01', 'system', 'x')").run();
    expect(() => db.sqlite.prepare('UPDATE ledger_entries SET amount = 20').run()).toThrow(/append-only/);
    expect(() => db.sqlite.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
    // CHECKs hold with the expanded lists.
    expect(() => db.sqlite.prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason) VALUES (1, 'gift', 10, '2026-01-01', '2026-01-01', 'system', 'x')").run()).toThrow(/CHECK/);
    expect(() => db.sqlite.prepare("INSERT INTO ledger_entries (member_id, kind, amount, occurred_at, effective_on, channel, reason) VALUES (1, 'spend', 10, '2026-01-01', '2026-01-01', 'system', 'x')").run()).toThrow(/CHECK/);
    db.sqlite.close();
  });

  it('the hot lookups use their indexes', async () => {
    const db = openDatabase({ file: join(dir, 'b.db') });
    await migrateToLatest(db, { now });
    const plan = (sql: string): string => (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT * FROM members WHERE member_no = 1')).toMatch(/USING INDEX/);
    expect(plan("SELECT * FROM members WHERE phone = '+4791234567'")).toMatch(/USING INDEX members_phone/);
    expect(plan("SELECT * FROM members WHERE email = 'a@b.no'")).toMatch(/USING INDEX members_email/);
    expect(plan('SELECT * FROM ledger_entries WHERE member_id = 1 ORDER BY id DESC LIMIT 50')).toMatch(/USING INDEX ledger_member/);
    expect(plan("SELECT * FROM point_lots WHERE remaining > 0 AND expires_on < '2026-01-01'")).toMatch(/USING INDEX point_lots_live_expiry/);
    // Issue 11 (migration 0010): a running monthly run's totals (totalsOfRun) are index ranges, not
    // a scan of the ledger on the server's one thread.
    expect(plan('SELECT kind, count(*), sum(amount) FROM ledger_entries WHERE run_id = 7 GROUP BY kind')).toMatch(/SEARCH ledger_entries USING COVERING INDEX ledger_by_run/);
    expect(plan('SELECT count(*) FROM earnings_rows WHERE run_id = 7')).toMatch(/COVERING INDEX earnings_rows_by_run/);
    expect(plan("SELECT count(*) FROM membership_events WHERE run_id = 7 AND kind = 'ended'")).toMatch(/COVERING INDEX membership_events_run_once/);
    expect(plan('SELECT count(*) FROM service_emails WHERE run_id = 7')).toMatch(/COVERING INDEX service_emails_by_run/);
    // B12: the run page's service emails, soonest due first, without sorting them all.
    const emails = 'SELECT e.id FROM service_emails e JOIN members m ON m.id = e.member_id';
    expect(plan(`${emails} WHERE e.sent_at IS NULL ORDER BY e.due_on, e.id LIMIT 500`)).not.toMatch(/TEMP B-TREE/);
    expect(plan(`${emails} ORDER BY e.due_on, e.id LIMIT 500`)).not.toMatch(/TEMP B-TREE/);
    db.sqlite.close();
  });

  it('refuse a database written by a newer app, changing nothing', async () => {
    const file = join(dir, 'c.db');
    const db = openDatabase({ file });
    await migrateToLatest(db, { now });
    db.sqlite.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_future', '2030-01-01')").run();
    await expect(migrateToLatest(db, { now, backupDir: join(dir, 'backups') })).rejects.toBeInstanceOf(DatabaseFromFutureError);
    await expect(migrateToLatest(db, { now })).rejects.toThrow(/newer Bonus desk/);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
    db.sqlite.close();
  });
});
