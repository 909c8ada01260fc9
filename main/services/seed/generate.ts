import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { Calendar } from './calendar.js';
import { EARNING_PRODUCTS } from './data.js';
import { MemberGenerator, type CatalogProduct, type IdCounters, type Pools, type RunTally, type SeedUsers } from './members.js';
import { Rng } from './random.js';
import { drain, rowBuffers, type PackedBatch } from './writer.js';

/** How many past months have a finished monthly run: five years of history. */
export const RUN_MONTHS = 60;

/** Everything the member generator needs, as plain data (it crosses to a worker thread). */
export interface GeneratorInput {
  seed: number;
  /** The clock's "now", ISO. */
  now: string;
  pools: Pools;
  ids: IdCounters;
  users: SeedUsers;
  catalog: CatalogProduct[];
  /** monthly_runs ids per month of the calendar (0 for the current month). */
  runIds: number[];
  postageOre: number;
}

/** Writes one batch: per member table (in write order), its flat row values, or packed by a worker. */
export interface BatchWriter {
  plain(tables: readonly (readonly unknown[])[]): Promise<void>;
  packed(batch: PackedBatch): Promise<void>;
}
type Progress = ((done: number, total: number) => void) | undefined;

export function makeGenerator(input: GeneratorInput, buffers: ReturnType<typeof rowBuffers>): MemberGenerator {
  const cal = new Calendar(new Date(input.now), RUN_MONTHS);
  cal.months.forEach((m, i) => {
    m.runId = input.runIds[i] ?? 0;
  });
  // Catalog availability crosses threads as numbers; Infinity survives structured cloning.
  return new MemberGenerator(new Rng(input.seed), cal, input.pools, buffers, { ...input.ids }, input.users, input.catalog, EARNING_PRODUCTS.filter((p) => p.active), {
    postageOre: input.postageOre,
  });
}

/** Generates and writes in this thread, batch by batch. */
export async function seedHere(input: GeneratorInput, total: number, batch: number, write: BatchWriter, onProgress: Progress): Promise<RunTally[]> {
  const buffers = rowBuffers();
  const generator = makeGenerator(input, buffers);
  let done = 0;
  while (done < total) {
    const n = Math.min(batch, total - done);
    for (let i = 0; i < n; i++) generator.generate();
    await write.plain(drain(buffers));
    done += n;
    onProgress?.(done, total);
  }
  return generator.tallies;
}

/** The worker's script when running from source (tsx, vitest); null in a bundle that lacks it. */
export function workerScript(): URL | null {
  const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

/**
 * From source (tsx, vitest) the worker's .ts file needs the TypeScript loader in that thread:
 * a tiny bootstrap registers tsx's hooks there, then imports the script. A failure to start is
 * reported through the same channel as a failed batch, since the writing thread is blocked.
 */
function workerEntry(script: URL): [string | URL, { eval: true } | Record<string, never>] {
  if (!script.pathname.endsWith('.ts')) return [script, {}];
  const api = tsxApi();
  const code = `
    const { workerData } = require('node:worker_threads');
    import(${JSON.stringify(api)})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })
      .catch((error) => {
        workerData.port.postMessage({ kind: 'error', message: String(error && error.message || error), stack: error && error.stack });
        Atomics.add(workerData.signal, 0, 1);
        Atomics.notify(workerData.signal, 0);
      });`;
  return [code, { eval: true }];
}

/** tsx's ESM API (its `register()` installs the loader in the calling thread). */
function tsxApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: string | { default?: string } }> };
  const entry = exports['./esm/api']?.import;
  const file = typeof entry === 'string' ? entry : entry?.default;
  if (file === undefined) throw new Error('tsx has no ESM API entry');
  return pathToFileURL(join(dirname(manifest), file)).href;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { kind: 'batch'; n: number; batch: PackedBatch; tallies?: RunTally[] }
  | { kind: 'error'; message: string; stack?: string | undefined };

export interface WorkerData {
  input: GeneratorInput;
  total: number;
  batch: number;
  port: MessagePort;
  /** [batches posted, batches written]: the worker stays at most two batches ahead. */
  signal: Int32Array;
}

/** How long the writing thread waits for a batch before it gives up on the worker. */
const WORKER_TIMEOUT_MS = 120_000;

/**
 * Generates in a worker thread while this thread writes: the two halves of the work overlap on
 * two cores. This side waits for a batch with Atomics.wait + receiveMessageOnPort (the writing
 * thread has nothing else to do meanwhile), then hands it to the store's bulk loader. The worker
 * runs the very same generator, so the data is identical.
 */
export async function seedInWorker(input: GeneratorInput, total: number, batch: number, write: BatchWriter, onProgress: Progress): Promise<RunTally[]> {
  const script = workerScript();
  if (script === null) return await seedHere(input, total, batch, write, onProgress);
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const data: WorkerData = { input, total, batch, port: port2, signal };
  const [entry, extra] = workerEntry(script);
  const worker = new Worker(entry, { ...extra, workerData: data, transferList: [port2] });
  let tallies: RunTally[] | undefined;
  let received = 0;
  let done = 0;
  try {
    while (done < total) {
      const message = next(port1, signal, received);
      received++;
      if (message.kind === 'error') throw new Error(`seeding worker failed: ${message.message}${message.stack === undefined ? '' : `\n${message.stack}`}`);
      await write.packed(message.batch);
      Atomics.store(signal, 1, received);
      Atomics.notify(signal, 1);
      done += message.n;
      if (message.tallies !== undefined) tallies = message.tallies;
      onProgress?.(done, total);
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
  if (tallies === undefined) throw new Error('seeding worker sent no run totals');
  return tallies;
}

function next(port: MessagePort, signal: Int32Array, received: number): WorkerMessage {
  let waited = 0;
  for (;;) {
    const posted = Atomics.load(signal, 0);
    if (posted > received) {
      const message = receiveMessageOnPort(port);
      if (message !== undefined) return message.message as WorkerMessage;
    }
    // Woken when the worker posts; the timeout also covers a message still in flight.
    if (Atomics.wait(signal, 0, posted, 50) === 'timed-out') waited += 50;
    if (waited > WORKER_TIMEOUT_MS) throw new Error('seeding worker stopped answering');
  }
}
