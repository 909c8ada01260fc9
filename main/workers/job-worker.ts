import { setPriority } from 'node:os';
import { basename, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { DeskError, type DeskErrorShape } from '../../shared/errors.js';
import { clockFrom } from '../clock.js';
import { openDatabase } from '../db/open.js';
import { sqliteStore } from '../db/sqlite-store.js';
import { WriteGate } from '../db/write-gate.js';
import type { ServiceContext } from '../services/context.js';
import type { JobMessage, JobRequest } from '../services/job-protocol.js';
import { applyBillingFile } from '../services/billing.js';
import { runMonth } from '../services/monthly-run.js';
import { exportMembers } from '../services/reports.js';
import { seedDemo } from '../services/seed/index.js';
import { exportReport, exportRowCount } from '../services/report-export.js';
import { exportDir } from '../services/reports.js';
import { ExportStopped } from '../services/xlsx-stream.js';

/**
 * A worker thread for long work, with its own connection to the same file (WAL lets the desk
 * keep reading and writing between our batches). Cancellation is a shared flag, read between
 * batches, because the thread is busy and does not see messages until it finishes. Its messages
 * (JobRequest, JobSpec, JobMessage) are declared in services/job-protocol.ts.
 */

const request = workerData as JobRequest;
/** How long one monthly-run batch may hold the write lock while desks wait (issue 11). */
const RUN_BATCH_MS = 10;
/** How long one billing batch may hold the write lock (issue 14: longer batches than the run's, fewer audit rows). */
const BILLING_BATCH_MS = 50;
/** How many of the job's write transactions between two checkpoints of its own (issue 11). */
const CHECKPOINT_EVERY_COMMITS = 20;
const port = parentPort;
if (port === null) throw new Error('job-worker must run in a worker thread');
const flag = new Int32Array(request.cancelFlag);
const db = openDatabase({ file: request.file, ...(request.nativeBinding === undefined ? {} : { nativeBinding: request.nativeBinding }), ...(request.readonly === true ? { readonly: true } : {}) });
if (request.readonly === true && request.job.kind !== 'report-export') throw new Error('only a report export runs on a read-only connection');
const gate = request.writeGate === undefined ? undefined : WriteGate.forJob(request.writeGate);
const store = sqliteStore(db, { exportDir: request.exportDir }, gate);
// The monthly run checkpoints outside the write gate (sqlite-store.ts): its batches are ~10 ms
// write transactions, so about every 0.2 s. (The demo seeder writes in bulk, not in transactions:
// it keeps SQLite's own checkpoints.)
if (gate !== undefined && (request.job.kind === 'monthly-run' || request.job.kind === 'billing-import')) store.checkpointAfterCommits(CHECKPOINT_EVERY_COMMITS);
const ctx: ServiceContext = { store, clock: clockFrom(request.startedAt), user: request.user, passwords: { N: request.passwordN } };
const post = (message: JobMessage): void => port.postMessage(message);
/**
 * Issue 11: the job's thread yields the CPU to the desk's. On Linux a nice value belongs to a
 * thread, and pid 0 names the calling one, so this lowers only this worker: when the two cores are
 * busy (a centre's calls, the load of the run itself) the agents' calls on the server's thread
 * are scheduled first, and the run takes what is left. Where it is not allowed, the job runs as is.
 */
const JOB_NICE = 10;
try {
  setPriority(0, JOB_NICE);
} catch {
  // Not permitted here (some containers): the job runs at the desk's priority.
}
async function work(): Promise<unknown> {
  const job = request.job;
  switch (job.kind) {
    case 'monthly-run':
      return await runMonth(ctx, job.month, {
        ...(job.claimToken === undefined ? {} : { claimToken: job.claimToken }),
        onProgress: (step, done) => post({ type: 'progress', step, done }),
        shouldStop: () => Atomics.load(flag, 0) === 1,
        // Short batches: the desk's writes take turns with them (db/write-gate.ts).
        targetBatchMs: RUN_BATCH_MS,
      });
    case 'export-members':
      return exportMembers(ctx, { format: job.format, state: job.state }, (done) => post({ type: 'progress', step: 'rows', done }));
    case 'billing-import':
      // D2/D3 (issue 14): a billing file in batches, each moving its resume marker; cancel stops between batches.
      return await applyBillingFile(
        ctx,
        { kind: job.billingKind, fileName: job.fileName, source: job.path !== undefined ? { path: job.path } : { content: job.content ?? '' } },
        {
          onProgress: (done, total) => post({ type: 'progress', step: 'rows', done, total }),
          shouldStop: () => Atomics.load(flag, 0) === 1,
          ...(job.batchSize === undefined ? { targetBatchMs: BILLING_BATCH_MS } : { batchSize: job.batchSize }),
        },
      );
    case 'report-export': {
      // Issue 15: the member report streamed to a temporary file and renamed when whole (files.ts);
      // progress is the rows written of the filter's count; a cancel between rows removes the file.
      const total = await exportRowCount(ctx, job.input);
      post({ type: 'progress', step: 'rows', done: 0, total });
      const started = performance.now();
      try {
        const written = await exportReport(ctx, job.input, job.path ?? join(exportDir(ctx), job.fileName), {
          onProgress: (done) => post({ type: 'progress', step: 'rows', done, total }),
          shouldStop: () => Atomics.load(flag, 0) === 1,
          ...(job.every === undefined ? {} : { every: job.every }),
          record: request.readonly !== true,
        });
        return { status: 'done', fileName: basename(written.path), path: written.path, rows: written.rows, bytes: written.bytes, ms: Math.round(performance.now() - started), maxRssKb: process.resourceUsage().maxRSS };
      } catch (error) {
        if (error instanceof ExportStopped) return { status: 'cancelled', fileName: job.fileName, ms: Math.round(performance.now() - started), maxRssKb: process.resourceUsage().maxRSS };
        throw error;
      }
    }
    case 'seed-demo':
      return await seedDemo(ctx, { members: job.members, seed: job.seed, onProgress: (done) => post({ type: 'progress', step: 'members', done }) });
  }
}

work().then(
  (result) => post({ type: 'done', result }),
  (error: unknown) => {
    const shape: DeskErrorShape = error instanceof DeskError ? error.toShape() : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    post({ type: 'error', error: shape });
  },
).finally(() => {
  gate?.release();
  db.sqlite.close();
});
