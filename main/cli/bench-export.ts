import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { MemberFilter } from '../../shared/channels/manager-reports.js';
import type { JobMessage, JobRequest } from '../services/job-protocol.js';

/**
 * Issue 15, "Exports": `npm run bench:export [-- --db .bench/bench-1000000.db]` exports every
 * member of the benchmark desk as CSV and as XLSX through the same worker and code as the screen's
 * export (main/workers/job-worker.ts, a `report-export` job), each in a fresh process, and prints
 * the rows, the time, the file's size and the peak memory (the process's maxRSS, which holds the
 * worker thread, and the highest RSS sampled every 250 ms). The desk file is opened read-only and
 * not changed (so this one export writes no audit or access row); the files go to a temporary
 * folder and are removed. The goal: a peak under 300 MB for both formats.
 */

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: '.bench/bench-1000000.db' },
    formats: { type: 'string', default: 'csv,xlsx' },
    child: { type: 'string' },
    out: { type: 'string' },
    /** The member report's filter as JSON (e.g. '{"postcode":"0000"}' for an empty export: the baseline). */
    filter: { type: 'string', default: '{}' },
  },
});

interface Figures {
  format: string;
  rows: number;
  ms: number;
  bytes: number;
  maxRssMb: number;
  sampledRssMb: number;
}

async function child(format: 'csv' | 'xlsx', file: string, out: string): Promise<Figures> {
  const request: JobRequest = {
    file,
    readonly: true,
    startedAt: new Date().toISOString(),
    user: null,
    cancelFlag: new SharedArrayBuffer(4),
    passwordN: 1024,
    job: { kind: 'report-export', input: { report: 'members', format, filter: MemberFilter.parse(JSON.parse(values.filter)), sort: 'memberNo', direction: 'asc' }, fileName: `bench.${format}`, path: out, every: 50_000 },
  };
  // As services/jobs.ts starts a worker from the TypeScript sources.
  const source = new URL('../workers/job-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 250);
  const started = performance.now();
  const worker = new Worker(bootstrap, { eval: true, workerData: request });
  const result = await new Promise<{ rows: number; bytes: number }>((resolvePromise, reject) => {
    worker.on('message', (m: JobMessage) => {
      if (m.type === 'progress' && m.done % 200_000 === 0) process.stderr.write(`  ${format}: ${m.done} of ${m.total ?? '?'} rows\n`);
      if (m.type === 'done') resolvePromise(m.result as { rows: number; bytes: number });
      if (m.type === 'error') reject(new Error(m.error.message));
    });
    worker.on('error', reject);
  });
  const ms = Math.round(performance.now() - started);
  clearInterval(timer);
  await worker.terminate();
  return { format, rows: result.rows, ms, bytes: result.bytes, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), sampledRssMb: Math.round(Math.max(sampled, process.memoryUsage.rss()) / 1024 / 1024) };
}

if (values.child !== undefined) {
  const format = values.child === 'xlsx' ? 'xlsx' : 'csv';
  if (values.out === undefined) throw new Error('--out is required with --child');
  console.log(JSON.stringify(await child(format, resolve(values.db), values.out)));
} else {
  const file = resolve(values.db);
  if (!existsSync(file)) throw new Error(`there is no benchmark desk at ${file}: run npm run bench first`);
  const dir = mkdtempSync(join(resolve('.bench'), 'export-'));
  mkdirSync(dir, { recursive: true });
  const here = fileURLToPath(import.meta.url);
  try {
    for (const format of values.formats.split(',')) {
      const out = join(dir, `medlemmer.${format}`);
      const r = spawnSync(process.execPath, [...process.execArgv, here, '--db', file, '--child', format, '--out', out, '--filter', values.filter], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`the ${format} export failed (exit ${r.status ?? r.signal ?? '?'})`);
      const f = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Figures;
      const size = statSync(out).size;
      console.log(`${format.toUpperCase().padEnd(4)} ${f.rows.toLocaleString('en')} rows  ${(f.ms / 1000).toFixed(1)} s  ${(size / 1024 / 1024).toFixed(0)} MB file  peak RSS ${f.maxRssMb} MB (sampled ${f.sampledRssMb} MB)`);
      rmSync(out, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
