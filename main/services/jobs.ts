import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { DeskError } from '../../shared/errors.js';
import type { JobStatus } from '../../shared/channels/jobs.js';
import type { JobMessage, JobRequest, JobSpec } from './job-protocol.js';
import { nowIso, type ServiceContext, type Store } from './context.js';
import { assertRunnable } from './monthly-run.js';
import { WriteGate } from '../db/write-gate.js';
import { claimMonthlyRun, MONTHLY_RUN, releaseClaim } from './run-claims.js';
import type { MemberReportExport } from '../../shared/channels/manager-reports.js';
import { checkMemberFilter } from './manager-reports.js';
import { exportFileName } from './report-export.js';
import { exportDir } from './reports.js';

/**
 * Long work in a worker thread (DESIGN "Long work and search"): better-sqlite3 blocks the
 * thread it runs on, so the monthly run gets its own thread and connection and the desk stays
 * responsive. The desk keeps each job's latest status for polling.
 */

interface Job {
  status: JobStatus;
  worker: Worker;
  cancel: Int32Array;
  finished: Promise<JobStatus>;
  /** Who started it (a report export is cancelled by its own manager only, issue 15). */
  userId: number | null;
}

const registry = new WeakMap<Store, Map<string, Job>>();

function jobsOf(store: Store): Map<string, Job> {
  let jobs = registry.get(store);
  if (jobs === undefined) {
    jobs = new Map();
    registry.set(store, jobs);
  }
  return jobs;
}

const watchers = new WeakMap<Store, Set<(status: JobStatus) => void>>();

/**
 * Hear every job's progress and end on this store (the desk turns it into the `jobs` event for
 * the other desks, issue 11). Returns the function that stops listening.
 */
export function watchJobs(store: Store, listener: (status: JobStatus) => void): () => void {
  let set = watchers.get(store);
  if (set === undefined) {
    set = new Set();
    watchers.set(store, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

function notify(store: Store, status: JobStatus): void {
  for (const listener of watchers.get(store) ?? []) listener({ ...status });
}

/**
 * A server stopping (SIGTERM): every running job is asked to stop between batches and awaited.
 * The monthly run then stands as 'running' in the store and resumes on its next start, as after
 * a cancel (B6).
 */
export async function parkJobs(store: Store): Promise<void> {
  const running = [...jobsOf(store).values()].filter((job) => job.status.state === 'running');
  for (const job of running) Atomics.store(job.cancel, 0, 1);
  await Promise.all(running.map((job) => job.finished));
}

/** From TypeScript sources (tests, CLI) the worker registers tsx first; the app runs the bundled script. */
function spawn(store: Store, request: JobRequest): Worker {
  if (store.workers.script !== undefined) return new Worker(store.workers.script, { workerData: request });
  const source = new URL('../workers/job-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}

export async function startMonthlyRunJob(ctx: ServiceContext, month: string): Promise<JobStatus> {
  // Refuse at once what the run would refuse (a future month, a skipped month).
  await assertRunnable(ctx, month);
  // B6: one run at a time is decided by the store, not by this process's job list: the claim is
  // taken here, so a second start (from this desk, another desk or the CLI) is refused at once
  // with run_in_progress; the worker carries on under the same claim and gives it up at the end.
  const jobId = randomUUID();
  const claim = await claimMonthlyRun(ctx, month, jobId);
  try {
    return startJob(ctx, { kind: 'monthly-run', month, claimToken: claim.token }, jobId);
  } catch (error) {
    await releaseClaim(ctx, claim);
    throw error;
  }
}

/** Starts long work in a worker thread; one job of a kind at a time (for the monthly run, the store's claim decides). */
export function startJob(ctx: ServiceContext, spec: JobSpec, jobId: string = randomUUID()): JobStatus {
  const jobs = jobsOf(ctx.store);
  for (const job of jobs.values()) {
    // Issue 15: managers may export side by side, each one export at a time.
    const sameKind = job.status.kind === spec.kind && (spec.kind !== 'report-export' || job.userId === (ctx.user?.id ?? null));
    if (spec.kind !== 'monthly-run' && job.status.state === 'running' && sameKind) {
      throw new DeskError('run_in_progress', 'That job is already running.', { jobId: job.status.jobId });
    }
  }
  const flag = new SharedArrayBuffer(4);
  const request: JobRequest = {
    file: ctx.store.file,
    nativeBinding: ctx.store.workers.nativeBinding,
    exportDir: ctx.store.workers.exportDir,
    startedAt: nowIso(ctx),
    user: ctx.user,
    cancelFlag: flag,
    writeGate: ctx.store.writeGate,
    passwordN: ctx.passwords.N,
    job: spec,
  };
  const status: JobStatus = { jobId, kind: spec.kind, state: 'running', step: null, done: 0, startedAt: request.startedAt };
  const worker = spawn(ctx.store, request);
  const finished = new Promise<JobStatus>((resolve) => {
    worker.on('message', (message: JobMessage) => {
      if (message.type === 'progress') Object.assign(status, { step: message.step, done: message.done, ...(message.total === undefined ? {} : { total: message.total }) });
      if (message.type === 'done') {
        // A monthly run stopped between batches reports 'running', a billing file 'cancelled' (issue 14): each resumes on its next start.
        const stopped = (spec.kind === 'monthly-run' || spec.kind === 'billing-import' || spec.kind === 'report-export') && (message.result as { status?: string }).status !== 'done';
        Object.assign(status, { state: stopped ? 'cancelled' : 'done', result: message.result });
      }
      if (message.type === 'error') Object.assign(status, { state: 'failed', error: message.error });
      notify(ctx.store, status);
    });
    worker.on('error', (error) => Object.assign(status, { state: 'failed', error: { code: 'internal', message: error.message } }));
    worker.on('exit', () => {
      void (async () => {
        // A worker that died inside a batch leaves the write gate to the desk.
        if (ctx.store.writeGate !== undefined) WriteGate.forJob(ctx.store.writeGate).releaseForDeadJob();
        // However the worker ended, the run's claim is not left behind for the heartbeat to expire.
        if (spec.kind === 'monthly-run' && spec.claimToken !== undefined && ctx.store.isOpen) {
          try {
            await releaseClaim(ctx, { key: MONTHLY_RUN, token: spec.claimToken });
          } catch {
            // The file is busy or going away: the claim's owner is this process, so the next start
            // takes it over once this process is gone or its heartbeat is stale.
          }
        }
        if (status.state === 'running') Object.assign(status, { state: 'failed', error: { code: 'internal', message: 'The worker stopped unexpectedly.' } });
        notify(ctx.store, status);
        resolve({ ...status });
      })();
    });
  });
  jobs.set(status.jobId, { status, worker, cancel: new Int32Array(flag), finished, userId: ctx.user?.id ?? null });
  return { ...status };
}

function job(ctx: ServiceContext, jobId: string): Job {
  const found = jobsOf(ctx.store).get(jobId);
  if (found === undefined) throw new DeskError('not_found', 'No such job (jobs live as long as the desk is open).');
  return found;
}

export function jobStatus(ctx: ServiceContext, jobId: string): JobStatus {
  return { ...job(ctx, jobId).status };
}

export function cancelJob(ctx: ServiceContext, jobId: string): JobStatus {
  const found = job(ctx, jobId);
  Atomics.store(found.cancel, 0, 1);
  return { ...found.status };
}

/**
 * Issue 15: the member report's export as a job in the worker (progress of the filter's count,
 * cancel). The filter is checked here, so a bad range is refused at once, not as a failed job.
 */
export function startReportExportJob(ctx: ServiceContext, input: MemberReportExport, options: { path?: string; every?: number } = {}): JobStatus {
  checkMemberFilter(input.filter);
  const fileName = exportFileName(ctx, 'medlemmer', input.format);
  // The export folder is made (and its absence refused) here, before the worker starts.
  if (options.path === undefined) exportDir(ctx);
  return startJob(ctx, { kind: 'report-export', input, fileName, path: options.path, every: options.every });
}

/** Issue 15: a manager stops their own export; the worker removes the temporary file, no file is left. */
export function cancelReportExport(ctx: ServiceContext, jobId: string): JobStatus {
  const found = jobsOf(ctx.store).get(jobId);
  if (found === undefined || found.status.kind !== 'report-export' || found.userId !== (ctx.user?.id ?? null)) throw new DeskError('not_found', 'No such export of yours.');
  Atomics.store(found.cancel, 0, 1);
  return { ...found.status };
}

/** For tests and the CLI: wait until the job has ended. */
export function jobFinished(ctx: ServiceContext, jobId: string): Promise<JobStatus> {
  return job(ctx, jobId).finished;
}
