import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';
import { sqliteStore } from './sqlite-store.js';
import { WriteGate } from './write-gate.js';

/**
 * Issue 11: the desk's writes and a job worker's batches take turns at SQLite's one write lock
 * through a shared gate, so the desk's thread never sleeps in SQLite's busy handler while a
 * batch commits (on the desk server that thread answers every agent).
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Resolves after the event loop has turned once: proof that the thread was not blocked. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WriteGate', () => {
  it('makes the desk wait for a job without blocking its thread, and hands over on release', async () => {
    const desk = new WriteGate();
    const job = WriteGate.forJob(desk.buffer);
    await job.acquire();
    let deskHolds = false;
    const waiting = desk.acquire().then(() => {
      deskHolds = true;
    });
    await turn();
    await turn();
    expect(deskHolds).toBe(false);
    job.release();
    await waiting;
    expect(deskHolds).toBe(true);
    expect(desk.isHeld).toBe(true);
    desk.release();
  });

  it('lets a waiting desk call go before the job takes its next batch', async () => {
    const desk = new WriteGate();
    const job = WriteGate.forJob(desk.buffer);
    await job.acquire();
    const order: string[] = [];
    const deskTurn = desk.acquire().then(() => order.push('desk'));
    await turn();
    job.release();
    // The job asks again at once, as the monthly run does after committing a batch.
    const jobTurn = job.acquire().then(() => order.push('job'));
    await deskTurn;
    desk.release();
    await jobTurn;
    job.release();
    expect(order).toEqual(['desk', 'job']);
  });

  it('frees a gate left held by a job worker that died', async () => {
    const desk = new WriteGate();
    await WriteGate.forJob(desk.buffer).acquire();
    desk.releaseForDeadJob();
    await desk.acquire();
    expect(desk.isHeld).toBe(true);
  });
});

describe('SqliteStore with a write gate', () => {
  it('queues a desk write behind a job batch instead of sleeping in SQLite busy handler or failing busy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-gate-'));
    dirs.push(dir);
    const file = join(dir, 'desk.db');
    const deskDb = openDatabase({ file });
    await migrateToLatest(deskDb, { now: new Date('2026-11-21T09:00:00.000Z') });
    deskDb.sqlite.exec('CREATE TABLE t (who TEXT NOT NULL)');
    // A short busy timeout: without the gate the desk's write would fail SQLITE_BUSY here.
    deskDb.sqlite.pragma('busy_timeout = 50');
    const desk = sqliteStore(deskDb);
    const jobDb = openDatabase({ file });
    const job = sqliteStore(jobDb, {}, WriteGate.forJob(desk.writeGate));

    let finishBatch = (): void => undefined;
    const batchOpen = new Promise<void>((resolve) => {
      finishBatch = resolve;
    });
    let batchStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => {
      batchStarted = resolve;
    });
    const batch = job.transaction(async () => {
      await job.run(CompiledQuery.raw("INSERT INTO t (who) VALUES ('job')"));
      batchStarted();
      await batchOpen;
    });
    await started;

    const deskWrite = desk.run(CompiledQuery.raw("INSERT INTO t (who) VALUES ('desk')"));
    // The desk's thread keeps turning (reads answer) while its write waits for the batch.
    let ticks = 0;
    for (let i = 0; i < 20; i += 1) {
      await turn();
      ticks += 1;
    }
    expect(ticks).toBe(20);
    expect(await desk.all<{ who: string }>(CompiledQuery.raw("SELECT who FROM t"))).toEqual([]);
    // Longer than the busy timeout: the write still waits, in the gate, not in SQLite.
    await new Promise((resolve) => setTimeout(resolve, 120));
    finishBatch();
    await batch;
    await expect(deskWrite).resolves.toMatchObject({ changes: 1 });
    expect((await desk.all<{ who: string }>(CompiledQuery.raw("SELECT who FROM t ORDER BY rowid"))).map((r) => r.who)).toEqual(['job', 'desk']);
    jobDb.sqlite.close();
    deskDb.sqlite.close();
  });
});

describe('a job connection that checkpoints outside the gate (issue 11)', () => {
  it('turns SQLite automatic checkpoint off and checkpoints every N commits, only once the gate is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-ckpt-'));
    dirs.push(dir);
    const file = join(dir, 'desk.db');
    const deskDb = openDatabase({ file });
    await migrateToLatest(deskDb, { now: new Date('2026-11-21T09:00:00.000Z') });
    deskDb.sqlite.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    const desk = sqliteStore(deskDb);
    const jobDb = openDatabase({ file });
    const gate = WriteGate.forJob(desk.writeGate);
    const job = sqliteStore(jobDb, {}, gate);
    job.checkpointAfterCommits(3);
    expect(jobDb.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // Every checkpoint the job's connection makes, with whether the gate was held at that moment.
    const seen: { gateHeld: boolean }[] = [];
    const pragma = jobDb.sqlite.pragma.bind(jobDb.sqlite);
    jobDb.sqlite.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (source.startsWith('wal_checkpoint')) seen.push({ gateHeld: gate.isHeld });
      return pragma(source, options);
    }) as typeof jobDb.sqlite.pragma;
    for (let n = 1; n <= 7; n += 1) await job.transaction(async () => void (await job.run(CompiledQuery.raw(`INSERT INTO t (n) VALUES (${n})`))));
    // After commits 3 and 6, each with the gate already given back.
    expect(seen).toEqual([{ gateHeld: false }, { gateHeld: false }]);
    // Nothing lost on the way: the desk's connection sees every row.
    expect(deskDb.sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 7 });
    jobDb.sqlite.close();
    deskDb.sqlite.close();
  });
});
