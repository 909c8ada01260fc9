import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './load.js';

/**
 * Issue 11, "Load": `npm run load` against a real desk server (`npm run serve`, a child process
 * on 127.0.0.1) over a small database made by the tool's own --prepare. Three agents for a few
 * seconds, a monthly run in the background, the last-unit race; the test reads the figures the
 * tool wrote (--json) and what the database shows. And the tool talks to this machine only.
 */

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'load-test-'));
const db = join(dir, 'desk.db');
let server: ChildProcess | null = null;
let url = '';

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}

beforeAll(async () => {
  const prepared = await run(['main/cli/load.ts', '--prepare', db, '--members', '1500'], 150_000);
  expect(prepared.code, prepared.out).toBe(0);
  server = spawn(process.execPath, ['--import', 'tsx', 'main/server/serve.ts', '--db', db, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const child = server;
  url = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the server did not start: ${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Bonus desk server: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        done(found[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`the server exited (${String(code)}): ${out}`)));
  });
}, 240_000);

afterAll(async () => {
  const child = server;
  if (child !== null && child.exitCode === null) {
    const exited = new Promise((done) => child.on('exit', done));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(kill);
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  channel: string;
  figures: { n: number; p50: number | null; p95: number | null; p99: number | null };
}

describe('npm run load (issue 11)', () => {
  it('plays three agents and a supervisor against the server and reports figures, no internal errors, no lost or doubled bookings, one booking for the last unit', async () => {
    const json = join(dir, 'load.json');
    const r = await run(['main/cli/load.ts', '--server', url, '--db', db, '--agents', '3', '--seconds', '8', '--think-scale', '0.15', '--run-at', '2', '--last-unit-agents', '3', '--pool', '200', '--json', json], 240_000);
    expect(r.code, r.out).toBe(0);
    // What a person reads: the per-channel table, the monthly run, the bookings, the last unit, the checks.
    expect(r.out).toMatch(/members\.search\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+/);
    expect(r.out).toContain('Last unit');
    expect(r.out).toContain('OK: exactly one booking');
    expect(r.out).toMatch(/npm run desk -- check --db .*: exit 0/);
    expect(r.out).toMatch(/npm run desk -- audit verify --db .*: exit 0/);

    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      interactive: Row[];
      errors: { channel: string; code: string; count: number }[];
      run: { state: string | null; month: string | null };
      bookings: { told: number; doubled: string[] };
      check: { lost: number[]; unexpected: number[]; mismatched: string[]; stockMismatches: string[]; inStore: number };
      db: { lost: number[]; untold: number[]; spendMismatch: string[] };
      lastUnit: { booked: number; racers: number; stockAfter: number; ok: boolean; product: { id: number } };
      failures: string[];
    };
    const search = report.interactive.find((row) => row.channel === 'members.search');
    expect(search?.figures.n ?? 0).toBeGreaterThan(0);
    for (const p of [search?.figures.p50, search?.figures.p95, search?.figures.p99]) expect(p).toBeGreaterThan(0);
    // launches.today is not among them: the banner asks it at sign-in (before the measured window)
    // and every 15 s, and a stock event re-asks only when it names one of today's launch products.
    for (const channel of ['members.get', 'points.explain', 'members.timeline']) {
      expect(report.interactive.find((row) => row.channel === channel)?.figures.n ?? 0, channel).toBeGreaterThan(0);
    }
    expect(report.errors.filter((e) => e.code === 'internal')).toEqual([]);
    // The monthly run over every member ran in the background while the agents worked (B6).
    expect(report.run.month).toMatch(/^\d{4}-\d{2}$/);
    expect(report.run.state).toBe('done');
    // B7: what the desks were told is what the store holds, no more and no less.
    expect(report.check.lost).toEqual([]);
    expect(report.check.unexpected).toEqual([]);
    expect(report.check.mismatched).toEqual([]);
    expect(report.check.stockMismatches).toEqual([]);
    expect(report.bookings.doubled).toEqual([]);
    expect(report.check.inStore).toBe(report.bookings.told);
    expect(report.db.lost).toEqual([]);
    expect(report.db.untold).toEqual([]);
    expect(report.db.spendMismatch).toEqual([]);
    // L5: three desks ordered the last unit at once; one booking, the others were told it sold out.
    expect(report.lastUnit.racers).toBe(3);
    expect(report.lastUnit.booked).toBe(1);
    expect(report.lastUnit.stockAfter).toBe(0);
    expect(report.failures).toEqual([]);

    // The file agrees: one order line for that product, and the stock is gone.
    const sqlite = new BetterSqlite3(db, { readonly: true });
    try {
      const lines = sqlite.prepare('SELECT count(*) FROM redemption_lines WHERE product_id = ?').pluck().get(report.lastUnit.product.id);
      const stock = sqlite.prepare('SELECT stock FROM bonus_products WHERE id = ?').pluck().get(report.lastUnit.product.id);
      expect([lines, stock]).toEqual([1, 0]);
    } finally {
      sqlite.close();
    }
  }, 300_000);

  it('refuses a --server that is not this machine (it checks before it opens any connection)', async () => {
    for (const foreign of ['http://10.0.0.7:8080', 'http://192.168.1.20:8080', 'http://desk.example.com:8080', 'http://[2001:db8::1]:8080', 'http://127.0.0.1.nip.io:8080']) {
      const lines: string[] = [];
      const code = await main(['--server', foreign, '--agents', '3', '--seconds', '5'], (line) => lines.push(line));
      expect(code, foreign).toBe(2);
      expect(lines.join('\n')).toContain('only talks to this machine');
    }
    const lines: string[] = [];
    expect(await main(['--server', 'https://127.0.0.1:8443', '--agents', '1', '--seconds', '1'], (line) => lines.push(line))).toBe(1);
    expect(lines.join('\n')).toContain('plain HTTP');
  });
});
