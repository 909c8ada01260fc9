import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open.js';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { importEarnings } from './earnings.js';
import { jobFinished } from './jobs.js';
import { cancelSubscription, optOut, rejoin } from './lifecycle.js';
import { runMonth } from './monthly-run.js';
import { MONTHLY_RUN, STALE_AFTER_MS } from './run-claims.js';

/**
 * B6 across processes: two desks, or the CLI beside a desk, on one SQLite file. Only one run of a
 * month books at a time (a claim row in the store, not a process's memory); every ledger entry
 * and membership event of the run is booked once; a claim left by a dead process is taken over.
 */

const NOW = '2026-11-05T09:00:00.000Z';
const MONTH = '2026-10';

/** A month's work: earnings rows to book, lots to expire, caps, and memberships to end (3 years after 2023-10-03). */
async function buildMonth(t: TestDesk, members: number): Promise<void> {
  const sqlite = t.desk.store.sqlite;
  sqlite.prepare("INSERT INTO earning_products (code, name, points_per_unit) VALUES ('OMEGA3', 'Omega-3', 150)").run();
  const lines = ['medlemsnummer;produkt;antall;leveringsdato'];
  for (let i = 0; i < members; i += 1) {
    const id = await t.aMember({ startedOn: '2021-01-01' });
    await t.earn(id, 700 + i, '2023-09-15');
    await t.earn(id, 15_000, '2025-02-01');
    const no = sqlite.prepare('SELECT member_no FROM members WHERE id = ?').pluck().get(id) as number;
    lines.push(`${no};OMEGA3;${(i % 4) + 1};2026-10-${String((i % 28) + 1).padStart(2, '0')}`);
    if (i % 3 === 0) {
      const sub = sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(id) as number;
      await cancelSubscription(t.ctx(null), sub, i % 2 === 0 ? '2026-08-20' : '2023-10-03');
    }
  }
  await importEarnings(t.ctx('supervisor'), { fileName: 'oktober.csv', content: lines.join('\n') });
}

interface Facts {
  ledger: unknown[];
  lots: unknown[];
  members: unknown[];
  events: unknown[];
  runs: unknown[];
  rows: unknown[];
  claims: unknown[];
}

function facts(path: string): Facts {
  const db = openDatabase({ file: path, readonly: true }).sqlite;
  try {
    return {
      ledger: db.prepare('SELECT id, member_id, kind, amount, effective_on, reason, run_id, earnings_row_id FROM ledger_entries ORDER BY id').all(),
      lots: db.prepare('SELECT id, remaining, withheld FROM point_lots ORDER BY id').all(),
      members: db.prepare('SELECT id, state, balance, cap_applied_on, ended_on FROM members ORDER BY id').all(),
      events: db.prepare('SELECT member_id, kind, on_date, channel, reason, run_id FROM membership_events ORDER BY id').all(),
      runs: db.prepare('SELECT id, month, status, summary FROM monthly_runs ORDER BY month').all(),
      rows: db.prepare('SELECT id, run_id FROM earnings_rows ORDER BY id').all(),
      claims: db.prepare('SELECT * FROM run_claims').all(),
    };
  } finally {
    db.close();
  }
}

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The admin command line in a child process, as an operator would start it. */
function startCli(args: string[]): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A pid that surely belongs to no live process: a child that has already exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('B6: two processes run the same month on one file', () => {
  let t: TestDesk;
  let file: string;
  let straight: Facts;

  beforeAll(async () => {
    t = await testDesk(NOW);
    await buildMonth(t, 360);
    t.desk.close();
    file = t.file;
    // The reference: the same file run once, alone.
    const alone = join(t.dir, 'alone.db');
    copyFileSync(file, alone);
    const r = await startCli(['monthly-run', '--db', alone, '--month', MONTH, '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    straight = facts(alone);
  }, 240_000);
  afterAll(() => t.close());

  it('B6: started at the same moment, one books the month and the other is told it is running (or finds it done); one ledger, one set of events, one run row', async () => {
    // Small batches: the run is many transactions long, so the two really overlap.
    const args = ['monthly-run', '--db', file, '--month', MONTH, '--now', NOW, '--batch-size', '10'];
    const [a, b] = await Promise.all([startCli(args), startCli(args)]);
    const outcomes = [a, b];
    const winners = outcomes.filter((r) => r.code === 0 && r.stdout.includes(`Run for ${MONTH}: done`));
    expect(winners.length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(1);
    for (const r of outcomes) {
      // Each either finished the month or was refused with a clear "running" answer, nothing else.
      const refusedAsRunning = r.code === 1 && r.stderr.includes('(run_in_progress)') && r.stderr.includes(`The run for ${MONTH} is running now`);
      const finished = r.code === 0 && r.stdout.includes(`Run for ${MONTH}: done`);
      expect(refusedAsRunning || finished, JSON.stringify(r)).toBe(true);
      expect(r.stderr).not.toMatch(/SQLITE_|UNIQUE constraint|at .*\.ts:\d+/);
    }

    const after = facts(file);
    // One ledger: exactly what the run alone booked, entry for entry.
    expect(after.ledger).toEqual(straight.ledger);
    expect(after.lots).toEqual(straight.lots);
    expect(after.members).toEqual(straight.members);
    expect(after.rows).toEqual(straight.rows);
    // One set of events: each membership the run ended has one 'ended' event.
    expect(after.events).toEqual(straight.events);
    const ended = after.events.filter((e) => (e as { kind: string }).kind === 'ended');
    expect(ended.length).toBe(60);
    expect(new Set(ended.map((e) => (e as { member_id: number }).member_id)).size).toBe(ended.length);
    // Each earnings row booked once, each non-earn kind once per member.
    const runEntries = after.ledger as { member_id: number; kind: string; earnings_row_id: number | null }[];
    const earns = runEntries.filter((e) => e.kind === 'earn' && e.earnings_row_id !== null);
    expect(earns.length).toBe(360);
    expect(new Set(earns.map((e) => e.earnings_row_id)).size).toBe(360);
    // One run row, done; no claim left behind.
    expect(after.runs).toHaveLength(1);
    expect(after.runs).toMatchObject([{ month: MONTH, status: 'done' }]);
    expect(after.claims).toEqual([]);

    // And a third start afterwards books nothing.
    const again = await startCli(['monthly-run', '--db', file, '--month', MONTH, '--now', NOW]);
    expect(again.code).toBe(0);
    expect(facts(file).ledger).toEqual(straight.ledger);
  }, 300_000);
});

describe('B6: the run claim in the store', () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await testDesk(NOW);
    await buildMonth(t, 30);
  });
  afterEach(() => t.close());

  const plantClaim = (claim: { pid: number; host: string; heartbeatAt: string; token?: string }): void => {
    t.desk.store.sqlite
      .prepare('INSERT INTO run_claims (key, month, token, pid, host, claimed_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(MONTHLY_RUN, MONTH, claim.token ?? 'someone-else', claim.pid, claim.host, claim.heartbeatAt, claim.heartbeatAt);
  };
  const claims = (): unknown[] => t.desk.store.sqlite.prepare('SELECT * FROM run_claims').all();
  const ledgerCount = (): number => t.desk.store.sqlite.prepare('SELECT count(*) FROM ledger_entries').pluck().get() as number;

  it('B6: a claim held by a live process with a fresh heartbeat refuses the start with run_in_progress and books nothing', async () => {
    // This very process, on this host: alive.
    plantClaim({ pid: process.pid, host: hostname(), heartbeatAt: new Date().toISOString() });
    const before = ledgerCount();
    const e = await refusal(() => runMonth(t.ctx('supervisor'), MONTH));
    expect(e.code).toBe('run_in_progress');
    expect(e.details).toMatchObject({ month: MONTH, runningNow: true, pid: process.pid });
    expect(ledgerCount()).toBe(before);
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM monthly_runs').pluck().get()).toBe(0);
  });

  it('B6: a claim whose process is gone (killed) is taken over and the run finishes', async () => {
    plantClaim({ pid: deadPid(), host: hostname(), heartbeatAt: new Date().toISOString() });
    expect((await runMonth(t.ctx('supervisor'), MONTH)).status).toBe('done');
    expect(claims()).toEqual([]);
    const takeOver = t.desk.store.sqlite.prepare("SELECT details FROM audit_log WHERE action = 'runs.takeOver'").pluck().get() as string;
    expect(JSON.parse(takeOver)).toMatchObject({ reason: 'owner gone' });
  });

  it('B6: a claim from another host is taken over only when its heartbeat is stale', async () => {
    plantClaim({ pid: 1, host: 'other-desk', heartbeatAt: new Date(Date.now() - 60_000).toISOString() });
    expect((await refusal(() => runMonth(t.ctx('supervisor'), MONTH))).code).toBe('run_in_progress');
    t.desk.store.sqlite.prepare('UPDATE run_claims SET heartbeat_at = ?').run(new Date(Date.now() - STALE_AFTER_MS - 60_000).toISOString());
    expect((await runMonth(t.ctx('supervisor'), MONTH)).status).toBe('done');
  });

  it('B6: a run whose claim is taken over mid-run stops at its next batch without booking it', async () => {
    let batches = 0;
    let bookedWhenTaken = 0;
    const e = await refusal(() =>
      runMonth(t.ctx('supervisor'), MONTH, {
        batchSize: 5,
        afterBatch: () => {
          batches += 1;
          if (batches === 2) {
            // Another process decided this one was stale and took the claim.
            t.desk.store.sqlite.prepare("UPDATE run_claims SET token = 'the-other-process'").run();
            bookedWhenTaken = ledgerCount();
          }
        },
      }),
    );
    expect(e.code).toBe('run_in_progress');
    expect(ledgerCount()).toBe(bookedWhenTaken);
    // The other owner's claim is not released by the one that lost it.
    expect(claims()).toMatchObject([{ token: 'the-other-process' }]);
  });

  it('B6: the background job takes its claim from the store, so a start while another process runs is refused at once', async () => {
    const supervisor = await t.as('supervisor');
    plantClaim({ pid: process.pid, host: hostname(), heartbeatAt: new Date().toISOString(), token: 'the-cli' });
    expect(await supervisor.invoke('runs.startInBackground', { month: MONTH })).toMatchObject({ ok: false, error: { code: 'run_in_progress', details: { month: MONTH, runningNow: true } } });
    t.desk.store.sqlite.prepare('DELETE FROM run_claims').run();

    const started = await supervisor.call('runs.startInBackground', { month: MONTH });
    // While the worker holds the claim, a second start (this desk or any other) is refused.
    const second = await supervisor.invoke('runs.startInBackground', { month: MONTH });
    const finished = await jobFinished(t.ctx('supervisor'), started.jobId);
    expect(finished.state).toBe('done');
    expect(second).toMatchObject({ ok: false, error: { code: 'run_in_progress' } });
    expect(claims()).toEqual([]);
  });

  it('B6: a run books each membership event once (the store refuses a second one of the same run); desk events on one day still work', async () => {
    await runMonth(t.ctx('supervisor'), MONTH);
    const sqlite = t.desk.store.sqlite;
    const ended = sqlite.prepare("SELECT member_id, on_date, run_id FROM membership_events WHERE kind = 'ended'").all() as { member_id: number; on_date: string; run_id: number | null }[];
    expect(ended.length).toBeGreaterThan(0);
    const first = ended[0];
    if (first === undefined) throw new Error('no ended event');
    expect(first.run_id).not.toBeNull();
    expect(() =>
      sqlite
        .prepare("INSERT INTO membership_events (member_id, kind, on_date, at, channel, user_id, reason, run_id) VALUES (?, 'ended', ?, ?, 'system', NULL, 'again', ?)")
        .run(first.member_id, first.on_date, NOW, first.run_id),
    ).toThrow(/UNIQUE/);
    // An agent's opt-out, re-join and opt-out again on one day are three events, all kept.
    const member = await t.aMember();
    await optOut(t.ctx('agent'), member, { channel: 'phone', reason: 'asked', memberInformed: true });
    await rejoin(t.ctx('agent'), member, { channel: 'phone', reason: 'changed mind' });
    await optOut(t.ctx('agent'), member, { channel: 'phone', reason: 'asked again', memberInformed: true });
    expect(sqlite.prepare("SELECT kind FROM membership_events WHERE member_id = ? AND kind IN ('opted_out','rejoined') ORDER BY id").pluck().all(member)).toEqual(['opted_out', 'rejoined', 'opted_out']);
  });
});
