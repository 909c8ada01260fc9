import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { Calendar } from './calendar.js';
import { EARNING_PRODUCTS } from './data.js';
import { MemberGenerator, type CatalogProduct, type IdCounters, type Pools, type RunTally, type SeedUsers } from './members.js';
import { Rng } from './random.js';
import { drain, rowBuffers } from './writer.js';

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

/** Writes one batch: per member table (in write order), its flat row values. */
export type BatchWriter = (tables: readonly (readonly unknown[])[]) => void;
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
export function seedHere(input: GeneratorInput, total: number, batch: number, write: BatchWriter, onProgress: Progress): RunTally[] {
  const buffers = rowBuffers();
  const generator = makeGenerator(input, buffers);
  let done = 0;
  while (done < total) {
    const n = Math.min(batch, total - done);
    for (let i = 0; i < n; i++) generator.generate();
    write(drain(buffers));
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

/** Messages from the worker. */
export type WorkerMessage =
  | { kind: 'batch'; n: number; tables: unknown[][]; tallies?: RunTally[] }
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
 * two cores. Synchronous on this side (Atomics.wait + receiveMessageOnPort), so seedDemo stays a
 * plain function. The worker runs the very same generator, so the data is identical.
 */
export function seedInWorker(input: GeneratorInput, total: number, batch: number, write: BatchWriter, onProgress: Progress): RunTally[] {
  const script = workerScript();
  if (script === null) return seedHere(input, total, batch, write, onProgress);
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  // From source the worker needs the TypeScript loader: inherit tsx's, or add it (vitest).
  const needsTsx = script.pathname.endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx'));
  const data: WorkerData = { input, total, batch, port: port2, signal };
  const worker = new Worker(script, { workerData: data, transferList: [port2], ...(needsTsx ? { execArgv: ['--import', 'tsx'] } : {}) });
  let tallies: RunTally[] | undefined;
  let received = 0;
  let done = 0;
  try {
    while (done < total) {
      const message = next(port1, signal, received);
      received++;
      if (message.kind === 'error') throw new Error(`seeding worker failed: ${message.message}${message.stack === undefined ? '' : `\n${message.stack}`}`);
      write(message.tables);
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
