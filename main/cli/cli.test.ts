import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The command line as an admin runs it: a child process through tsx (`npm run desk -- …`). */
const root = resolve(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));

function desk(args: string[], env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const result = spawnSync(tsx, ['main/cli/index.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('desk command line', () => {
  const db = join(dir, 'demo.db');

  it('seeds a new desk, prints progress and a summary, and the ledger checks out', () => {
    const seeded = desk(['seed', '--db', db, '--members', '50', '--seed', '3', '--now', '2026-11-21T09:00:00Z']);
    expect(seeded.err).toBe('');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('Seeding 50 members');
    expect(seeded.out).toContain('50 / 50 members (100 %)');
    expect(seeded.out).toMatch(/Done in \d+\.\d s: .* members\/s, .* rows\/s/);
    expect(seeded.out).toMatch(/ledger_entries\s+\d/);
    expect(seeded.out).toContain('agent-demo');
    expect(existsSync(db)).toBe(true);

    const check = desk(['check', '--db', db, '--now', '2026-11-21T09:00:00Z']);
    expect(check.code).toBe(0);
    expect(check.out).toContain('OK: 50 members');
  });

  it('refuses to seed a desk that already has members, with a clear message and exit 1', () => {
    const again = desk(['seed', '--db', db, '--members', '10']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already holds 50 members');
    expect(again.err).not.toMatch(/\n\s+at /);
  });

  it('rejects bad arguments with exit 1, the reason and the usage line, no stack trace', () => {
    const cases: [string[], string][] = [
      [['seed', '--db', join(dir, 'x.db'), '--members', 'many'], '--members must be a whole number'],
      [['seed', '--members', '10'], '--db FILE is required'],
      [['seed', '--db', join(dir, 'x.db')], '--members N is required'],
      [['seed', '--db', join(dir, 'x.db'), '--members', '10', '--colour', 'red'], "Unknown option '--colour'"],
      [['frobnicate'], 'there is no command "frobnicate"'],
      [['users', 'add', '--db', db, '--username', 'Ola Nordmann', '--role', 'agent', '--name', 'Ola'], 'username'],
      [['backup', '--db', join(dir, 'missing.db'), '--out', dir], 'there is no database'],
    ];
    for (const [args, message] of cases) {
      const run = desk(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err, args.join(' ')).toContain(message);
      expect(run.err, args.join(' ')).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });

  it('adds a user with the password from DESK_PASSWORD, lists users, and takes a backup', () => {
    const added = desk(['users', 'add', '--db', db, '--username', 'ola', '--role', 'supervisor', '--name', 'Ola Sørensen'], { DESK_PASSWORD: 'et-langt-passord' });
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toContain('Added ola (Ola Sørensen) as supervisor.');
    const noPassword = desk(['users', 'add', '--db', db, '--username', 'kari', '--role', 'agent', '--name', 'Kari'], { DESK_PASSWORD: '' });
    expect(noPassword.code).toBe(1);
    expect(noPassword.err).toContain('DESK_PASSWORD');
    const list = desk(['users', 'list', '--db', db]);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/ola\s+supervisor\s+active\s+Ola Sørensen/);

    const out = join(dir, 'backups');
    const backup = desk(['backup', '--db', db, '--out', out]);
    expect(backup.code).toBe(0);
    expect(backup.out).toContain('Backup written:');
    expect(readdirSync(out).some((f) => f.endsWith('-manual.db'))).toBe(true);
  });

  it('prints help', () => {
    const help = desk(['help']);
    expect(help.code).toBe(0);
    for (const name of ['seed', 'users', 'backup', 'monthly-run', 'import-earnings', 'check', 'explain']) expect(help.out).toContain(name);
    const one = desk(['help', 'seed']);
    expect(one.out).toContain('usage: npm run desk -- seed --db FILE --members N');
    const bare = desk([]);
    expect(bare.code).toBe(1);
    expect(bare.err).toContain('usage: npm run desk -- <command>');
  });
});
