import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../../testing/test-desk.js';
import { cancelSubscription } from '../../services/lifecycle.js';

/**
 * B6 resumable, for real: a child process running the monthly run is killed with SIGKILL in the
 * middle, then run again; the file ends in exactly the state of an uninterrupted run.
 */

const NOW = '2026-11-05T09:00:00.000Z';
let t: TestDesk;
let file: string;
let copy: string;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function facts(path: string): { ledger: unknown[]; lots: unknown[]; members: unknown[]; runs: unknown[]; rows: unknown[] } {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return {
      ledger: db.prepare('SELECT id, member_id, kind, amount, effective_on, reason, run_id, earnings_row_id FROM ledger_entries ORDER BY id').all(),
      lots: db.prepare('SELECT id, remaining, withheld FROM point_lots ORDER BY id').all(),
      members: db.prepare('SELECT id, state, balance, cap_applied_on, ended_on FROM members ORDER BY id').all(),
      runs: db.prepare('SELECT month, status, summary FROM monthly_runs ORDER BY month').all(),
      rows: db.prepare('SELECT id, run_id FROM earnings_rows ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  t = await testDesk(NOW);
  t.desk.store.sqlite.prepare("INSERT INTO earning_products (code, name, points_per_unit) VALUES ('OMEGA3', 'Omega-3', 150)").run();
  const lines = ['medlemsnummer;produkt;antall;leveringsdato'];
  for (let i = 0; i < 400; i += 1) {
    const id = await t.aMember({ startedOn: '2021-01-01' });
    await t.earn(id, 700 + i, '2023-09-15');
    await t.earn(id, 15_000, '2025-02-01');
    const no = t.desk.store.sqlite.prepare('SELECT member_no FROM members WHERE id = ?').pluck().get(id) as number;
    lines.push(`${no};OMEGA3;${(i % 4) + 1};2026-10-${String((i % 28) + 1).padStart(2, '0')}`);
    if (i % 3 === 0) {
      const sub = t.desk.store.sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(id) as number;
      await cancelSubscription(t.ctx(null), sub, i % 2 === 0 ? '2026-08-20' : '2023-10-03');
    }
  }
  t.desk.close();
  file = t.file;
  const csv = join(t.dir, 'oktober.csv');
  writeFileSync(csv, lines.join('\n'));
  expect(cli(['import-earnings', '--db', file, csv, '--now', NOW]).status).toBe(0);
  copy = join(t.dir, 'copy.db');
  copyFileSync(file, copy);
});
afterAll(() => t.close());

describe('npm run desk -- monthly-run', () => {
  it('killed with SIGKILL mid-run, then run again, ends exactly as an uninterrupted run', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'monthly-run', '--db', file, '--month', '2026-10', '--now', NOW, '--batch-size', '15'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let progress = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        progress += (chunk.toString().match(/^\s+\w[\w-]*: \d+$/gm) ?? []).length;
        if (progress >= 12 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    const cut = facts(file);
    expect(cut.runs).toMatchObject([{ month: '2026-10', status: 'running' }]);
    expect(cut.ledger.length).toBeGreaterThan(0);

    const resumed = cli(['monthly-run', '--db', file, '--month', '2026-10', '--now', NOW]);
    expect(resumed.status).toBe(0);
    const straight = cli(['monthly-run', '--db', copy, '--month', '2026-10', '--now', NOW]);
    expect(straight.status).toBe(0);
    const a = facts(file);
    const b = facts(copy);
    expect(a.ledger).toEqual(b.ledger);
    expect(a.lots).toEqual(b.lots);
    expect(a.members).toEqual(b.members);
    expect(a.rows).toEqual(b.rows);
    expect(a.runs).toEqual(b.runs);
    expect(cli(['check', '--db', file, '--now', NOW]).status).toBe(0);
  }, 120_000);

  it('running the same month again books nothing; a future month and a skipped month are refused with a clear message', () => {
    const before = facts(copy);
    expect(cli(['monthly-run', '--db', copy, '--month', '2026-10', '--now', NOW]).status).toBe(0);
    expect(facts(copy).ledger).toEqual(before.ledger);
    const future = cli(['monthly-run', '--db', copy, '--month', '2026-11', '--now', NOW]);
    expect(future.status).toBe(1);
    expect(future.stderr).toContain('month_in_future');
    expect(future.stderr).toContain('2026-12-01');
    const skipped = cli(['monthly-run', '--db', copy, '--month', '2026-12', '--now', '2027-01-10T09:00:00Z']);
    expect(skipped.status).toBe(1);
    expect(skipped.stderr).toContain('month_out_of_order');
  });

  it('a dry run lists what it would book and books nothing', () => {
    const fresh = join(t.dir, 'dry.db');
    copyFileSync(copy, fresh);
    const dry = cli(['monthly-run', '--db', fresh, '--month', '2026-11', '--dry-run', '--now', '2026-12-02T09:00:00Z']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('nothing was booked');
    expect(facts(fresh).runs).toHaveLength(1);
  });

  it('bad arguments exit 1 with the usage line', () => {
    const r = cli(['monthly-run', '--db', copy, '--month', '10-2026']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('usage: npm run desk -- monthly-run');
  });
});

describe('npm run desk -- check / explain', () => {
  it('check exits 1 naming the member whose balance does not match the ledger (B12a)', () => {
    const broken = join(t.dir, 'broken.db');
    copyFileSync(copy, broken);
    const db = new BetterSqlite3(broken);
    const victim = db.prepare("SELECT member_no, id FROM members WHERE state = 'active' LIMIT 1").get() as { member_no: number; id: number };
    db.prepare('UPDATE members SET balance = balance + 1 WHERE id = ?').run(victim.id);
    db.close();
    const r = cli(['check', '--db', broken, '--now', NOW]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`member ${victim.member_no}`);
  });

  it('explain prints the balance story of a member (B12b)', () => {
    const db = new BetterSqlite3(copy, { readonly: true });
    const no = db.prepare("SELECT member_no FROM members WHERE state = 'active' LIMIT 1").pluck().get() as number;
    db.close();
    const r = cli(['explain', '--db', copy, String(no), '--now', NOW]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('earned');
    expect(r.stdout).toContain('if cancelled today');
  });
});
