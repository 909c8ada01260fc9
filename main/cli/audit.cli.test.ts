import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connection } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { auditCommand } from './commands/audit.js';
import { runCli } from './run.js';

/**
 * B14: `desk audit verify` walks the hash chains of the audit log and the access log and exits 0
 * when both hold, or non-zero naming the table and the first row that breaks — run as a function
 * and, once per table, as the admin runs it (a child process through tsx).
 */

const root = resolve(import.meta.dirname, '..', '..');

function child(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'main/cli/index.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the command function, returning its exit code and what it printed. */
async function verify(file: string, json = false): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  try {
    const code = await auditCommand.run(['verify', '--db', file, ...(json ? ['--json'] : [])]);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

let t: TestDesk;
let agent: Connection;
let kari: number;
let ola: number;

beforeEach(async () => {
  t = await testDesk('2026-11-21T09:00:00Z');
  kari = await t.aMember({ firstName: 'Kari', lastName: 'Ødegård' });
  ola = await t.aMember({ firstName: 'Ola', lastName: 'Nordmann' });
  agent = await t.as('agent');
  // A few audit rows and access rows written through the services.
  for (const [memberId, body] of [[kari, 'Ringte om saldo'], [ola, 'Ny adresse'], [kari, 'Ringte igjen'], [ola, 'Spurte om bonus']] as const) {
    await agent.call('members.addNote', { memberId, body });
    await agent.call('members.get', { memberId });
    await agent.call('members.search', { query: body.split(' ')[0] ?? '' });
  }
});
afterEach(() => t.close());

const ids = (table: 'audit_log' | 'member_access_log'): number[] => t.desk.store.sqlite.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];

describe('audit verify (B14)', () => {
  it('B14: exits 0 when both chains hold, with the row counts', async () => {
    const ok = await verify(t.file);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`OK: audit_log: ${ids('audit_log').length} rows`);
    expect(ok.out).toContain(`OK: member_access_log: ${ids('member_access_log').length} rows`);
    const json = await verify(t.file, true);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({
      ok: true,
      chains: [
        { table: 'audit_log', rows: ids('audit_log').length, broken: null },
        { table: 'member_access_log', rows: ids('member_access_log').length, broken: null },
      ],
    });
  });

  it('B14: an audit row edited with raw SQL (past a dropped trigger) fails verify, naming audit_log and that row', async () => {
    const all = ids('audit_log');
    expect(all.length).toBeGreaterThanOrEqual(4);
    const victim = all[1] ?? 0;
    const sqlite = t.desk.store.sqlite;
    expect(() => sqlite.prepare("UPDATE audit_log SET reason = 'tampered' WHERE id = ?").run(victim)).toThrow(/append-only/);
    sqlite.exec('DROP TRIGGER audit_no_update');
    sqlite.prepare("UPDATE audit_log SET details = '{\"noteId\":999}' WHERE id = ?").run(victim);

    const failed = await verify(t.file);
    expect(failed.code).not.toBe(0);
    expect(failed.out).toContain(`BROKEN: audit_log: the chain breaks at row ${victim}`);
    expect(failed.out).toContain(`row ${victim} was changed or put in`);
    expect(failed.out).toContain('OK: member_access_log');
    const json = await verify(t.file, true);
    expect(json.code).not.toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, chains: [{ table: 'audit_log', broken: { id: victim } }, { table: 'member_access_log', broken: null }] });

    const run = child(['audit', 'verify', '--db', t.file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`BROKEN: audit_log: the chain breaks at row ${victim}`);
  }, 180_000);

  it('B14: an access row deleted with raw SQL (past a dropped trigger) fails verify, naming member_access_log and the row after it', async () => {
    const all = ids('member_access_log');
    expect(all.length).toBeGreaterThanOrEqual(4);
    const removed = all[1] ?? 0;
    const next = all[2] ?? 0;
    const sqlite = t.desk.store.sqlite;
    expect(() => sqlite.prepare('DELETE FROM member_access_log WHERE id = ?').run(removed)).toThrow(/append-only/);
    sqlite.exec('DROP TRIGGER access_no_delete');
    sqlite.prepare('DELETE FROM member_access_log WHERE id = ?').run(removed);

    const failed = await verify(t.file);
    expect(failed.code).not.toBe(0);
    expect(failed.out).toContain('OK: audit_log');
    expect(failed.out).toContain(`BROKEN: member_access_log: the chain breaks at row ${next}`);
    expect(failed.out).toContain(`row ${removed} before it is missing`);

    const run = child(['audit', 'verify', '--db', t.file, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, chains: [{ table: 'audit_log', broken: null }, { table: 'member_access_log', broken: { id: next, previousId: all[0] } }] });
  }, 180_000);

  it('refuses a missing action or --db with the usage line', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (text: string) => void err.push(text) };
    expect(await runCli(['audit', '--db', t.file], [auditCommand], io)).toBe(1);
    expect(await runCli(['audit', 'verify'], [auditCommand], io)).toBe(1);
    expect(await runCli(['audit', 'check', '--db', t.file], [auditCommand], io)).toBe(1);
    expect(err.join('\n')).toContain('--db FILE is required');
    expect(err.join('\n')).toContain('usage: npm run desk -- audit verify --db FILE [--json]');
  });
});
