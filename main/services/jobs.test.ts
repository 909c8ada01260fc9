import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { jobFinished, watchJobs } from './jobs.js';

/** B6 in a worker thread: the desk answers while the run books. */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-05T09:00:00Z');
});
afterEach(() => t.close());

describe('monthly run as a background job', () => {
  it('runs in a worker with its own connection, reports progress and the result, and the desk keeps answering', async () => {
    for (let i = 0; i < 30; i += 1) {
      const m = await t.aMember();
      await t.earn(m, 500, '2023-09-01');
    }
    const supervisor = await t.as('supervisor');
    const started = await supervisor.call('runs.startInBackground', { month: '2026-10' });
    expect(started.state).toBe('running');
    // The main thread is free: a search answers while the worker books.
    expect((await supervisor.invoke('runs.list', {})).ok).toBe(true);
    const finished = await jobFinished(t.ctx('supervisor'), started.jobId);
    expect(finished.state).toBe('done');
    expect(finished.result).toMatchObject({ month: '2026-10', status: 'done', totals: { expired: { entries: 30, points: 15_000 } } });
    const status = await supervisor.call('jobs.status', { jobId: started.jobId });
    expect(status.state).toBe('done');
    expect(t.desk.store.sqlite.prepare("SELECT status FROM monthly_runs WHERE month = '2026-10'").pluck().get()).toBe('done');
  });

  it('waits for the desk\'s writes through the write gate and carries on (issue 11: a waiting worker once just exited)', async () => {
    for (let i = 0; i < 5; i += 1) await t.earn(await t.aMember(), 500, '2023-09-01');
    const supervisor = await t.as('supervisor');
    const gate = t.desk.store.gate;
    const started = await supervisor.call('runs.startInBackground', { month: '2026-10' });
    // The desk holds the write gate (as a long booking would) while the worker starts (a worker
    // thread takes far longer to boot than this takes).
    await gate.acquire();
    try {
      for (let i = 0; i < 600 && gate.jobsWaiting === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(gate.jobsWaiting).toBe(1);
      // Waiting is all the worker does now; it must still be there a while later.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await supervisor.call('jobs.status', { jobId: started.jobId })).state).toBe('running');
    } finally {
      gate.release();
    }
    const finished = await jobFinished(t.ctx('supervisor'), started.jobId);
    expect(finished.state).toBe('done');
    expect(finished.result).toMatchObject({ status: 'done', totals: { expired: { entries: 5, points: 2_500 } } });
  });

  it('refuses a future month at once, without starting a worker', async () => {
    const supervisor = await t.as('supervisor');
    expect(await supervisor.invoke('runs.startInBackground', { month: '2026-11' })).toMatchObject({ ok: false, error: { code: 'month_in_future' } });
  });
});

describe('a server stopping while a job runs (issue 11)', () => {
  it('desk.shutdown asks the run to stop between batches, waits for the worker, and the run is whole: done, or parked to resume', async () => {
    for (let i = 0; i < 30; i += 1) {
      const m = await t.aMember();
      await t.earn(m, 500, '2023-09-01');
    }
    const supervisor = await t.as('supervisor');
    const heard: string[] = [];
    const stop = watchJobs(t.desk.store, (status) => heard.push(status.state));
    const started = await supervisor.call('runs.startInBackground', { month: '2026-10' });
    await t.desk.shutdown();
    stop();
    // The worker has ended before shutdown returned: its last word was heard, and it is not running.
    expect(heard.at(-1)).not.toBe('running');
    expect(t.desk.store.isOpen).toBe(false);
    const file = t.file;
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file, { readonly: true });
    const status = db.prepare("SELECT status FROM monthly_runs WHERE month = '2026-10'").pluck().get() as string;
    const expired = db.prepare("SELECT count(*) FROM ledger_entries WHERE kind = 'expire'").pluck().get() as number;
    db.close();
    expect(['done', 'running']).toContain(status);
    if (status === 'done') expect(expired).toBe(30);
    expect(started.jobId).toMatch(/[0-9a-f-]{36}/);
  });
});
