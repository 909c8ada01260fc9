import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.js';
import { checkLedger } from '../../services/invariants.js';
import { TEST_PASSWORD_N, testDesk, type TestDesk } from '../../testing/test-desk.js';
import { openDesk } from '../../desk.js';

/**
 * D1–D3 from the command line, as an operator runs it (a child process through tsx): the dry run
 * is the preview, the apply is the worker's job, a file applied already is refused, and an apply
 * killed mid-file (SIGKILL, like the monthly run's kill test) resumes on the next start and ends
 * equal to an uninterrupted one.
 */

const NOW = '2026-11-05T09:00:00.000Z';
let t: TestDesk;
let base: string;
let customers: string;
let subscriptions: string;
const ROWS = 3_000;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args, '--now', NOW], { encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copy(name: string): string {
  const file = join(t.dir, `${name}.db`);
  const db = openDatabase({ file: base, readonly: true }).sqlite;
  try {
    db.exec(`VACUUM INTO '${file}'`);
  } finally {
    db.close();
  }
  return file;
}

function read<T>(file: string, query: string): T {
  const db = openDatabase({ file, readonly: true }).sqlite;
  try {
    return db.prepare(query).all() as T;
  } finally {
    db.close();
  }
}

function facts(file: string): unknown {
  return {
    members: read(file, 'SELECT id, member_no, state, enrolled_on, cancelled_on, balance_at_cancellation FROM members ORDER BY id'),
    subscriptions: read(file, 'SELECT id, member_id, external_id, status, started_on, cancelled_on, next_delivery_on FROM subscriptions ORDER BY id'),
    events: read(file, 'SELECT member_id, kind, on_date, reason_code FROM membership_events ORDER BY id'),
    file: read(file, "SELECT status, rows_total, rows_applied, rows_skipped, rows_rejected, counts FROM billing_files WHERE kind = 'subscriptions'"),
  };
}

beforeAll(async () => {
  t = await testDesk(NOW);
  t.desk.close();
  base = t.file;
  const c = ['member_no;first_name;last_name;address;postcode;city;email;phone;birth_date'];
  const s = ['member_no;subscription_id;product;start_date;cancellation_date;next_delivery_date'];
  for (let i = 1; i <= ROWS; i += 1) {
    c.push(`${700000 + i};Navn;Etternavn;Gate ${i};0150;Oslo;;;`);
    s.push(`${700000 + i};S-${i};Kosttilskudd;2025-0${(i % 9) + 1}-01;${i % 7 === 0 ? '2026-10-01' : ''};`);
  }
  customers = join(t.dir, 'kunder.csv');
  subscriptions = join(t.dir, 'abonnement.csv');
  writeFileSync(customers, `${c.join('\r\n')}\r\n799999;Navn;Etternavn;Gate 1;12;Oslo;;;\r\n`);
  writeFileSync(subscriptions, `\uFEFF${s.join('\n')}\n`);
  expect(cli(['import-billing', '--db', base, '--kind', 'customers', customers]).status).toBe(0);
}, 240_000);
afterAll(() => t.close());

describe('npm run desk -- import-billing (D1–D3)', () => {
  it('D3: --dry-run lists every bad line with its number and applies nothing; the apply then takes the file; a second apply is refused (exit 1)', () => {
    const db = copy('dry');
    const bad = join(t.dir, 'bad.csv');
    writeFileSync(bad, 'member_no;subscription_id;product;start_date;cancellation_date;next_delivery_date\n700001;X-1;Kosttilskudd;2026-03-01;2026-02-01;\n123;X-2;Kosttilskudd;2026-03-01;;\n700002;X-3;Vitaminer;2026-03-01;;\n');
    const dry = cli(['import-billing', '--db', db, '--kind', 'subscriptions', bad, '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('nothing was applied (dry run)');
    expect(dry.stdout).toContain('line 2: cancelled_before_start (cancellation_date)');
    expect(dry.stdout).toContain('line 3: not_in_customers (member_no)');
    expect(dry.stdout).toContain('members enrolled (B1): 1');
    expect(read(db, 'SELECT count(*) AS n FROM members')).toEqual([{ n: 0 }]);

    const json = cli(['import-billing', '--db', db, '--kind', 'subscriptions', bad, '--json']);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'done', total: 3, applied: 1, rejected: 2, counts: { enrolled: 1 }, rejections: [{ lineNo: 2, reason: 'cancelled_before_start' }, { lineNo: 3, reason: 'not_in_customers' }] });
    const again = cli(['import-billing', '--db', db, '--kind', 'subscriptions', bad]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('(duplicate_file)');
    const wrong = cli(['import-billing', '--db', db, '--kind', 'invoices', bad]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('is not a billing file of kind invoices: its header line lacks invoice_no');
    expect(cli(['import-billing', '--db', db, bad]).status).toBe(1);
  }, 240_000);

  it('D3: an apply killed mid-file (SIGKILL) resumes on the next start and ends equal to an uninterrupted one; checkLedger passes', async () => {
    const straight = copy('straight');
    const whole = cli(['import-billing', '--db', straight, '--kind', 'subscriptions', subscriptions, '--batch-size', '10']);
    expect(whole.status, whole.stderr).toBe(0);

    const killed = copy('killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'import-billing', '--db', killed, '--kind', 'subscriptions', subscriptions, '--batch-size', '10', '--now', NOW], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill it once some batches have committed and well before the end.
    let marker = 0;
    for (let i = 0; i < 3_000 && marker < 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      try {
        marker = read<{ n: number }[]>(killed, 'SELECT max(applied_through) AS n FROM billing_files WHERE kind = \'subscriptions\'')[0]?.n ?? 0;
      } catch {
        // The file is being written; read again.
      }
    }
    child.kill('SIGKILL');
    await exited;
    const cut = read<{ status: string; applied_through: number; done: number }[]>(killed, "SELECT status, applied_through, rows_applied + rows_skipped + rows_rejected AS done FROM billing_files WHERE kind = 'subscriptions'")[0];
    expect(cut?.status).toBe('applying');
    expect(cut?.applied_through).toBeGreaterThanOrEqual(200);
    expect(cut?.applied_through).toBeLessThan(ROWS + 1);
    // Never half a row: the rows counted are exactly the lines through the marker, and only their subscriptions exist.
    expect(cut?.done).toBe((cut?.applied_through ?? 0) - 1);
    expect(read(killed, 'SELECT count(*) AS n FROM subscriptions')).toEqual([{ n: cut?.done }]);

    const resumed = cli(['import-billing', '--db', killed, '--kind', 'subscriptions', subscriptions, '--batch-size', '10', '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'done', total: ROWS, applied: ROWS });
    expect(facts(killed)).toEqual(facts(straight));
    const desk = await openDesk({ file: killed, passwordN: TEST_PASSWORD_N });
    try {
      expect((await checkLedger({ store: desk.store, clock: t.clock, user: null, passwords: { N: TEST_PASSWORD_N } })).failures).toEqual([]);
    } finally {
      desk.close();
    }
  }, 240_000);
});
