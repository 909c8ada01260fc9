import { workerData } from 'node:worker_threads';
import { makeGenerator, type WorkerData, type WorkerMessage } from './generate.js';
import { drain, pack, rowBuffers } from './writer.js';

/**
 * The generating half of a parallel seed (see seedInWorker): builds members batch by batch and
 * posts each batch's rows to the thread that writes them, staying at most two batches ahead.
 */
const { input, total, batch, port, signal } = workerData as WorkerData;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};
try {
  const buffers = rowBuffers();
  const generator = makeGenerator(input, buffers);
  let done = 0;
  let posted = 0;
  while (done < total) {
    for (;;) {
      const written = Atomics.load(signal, 1);
      if (posted - written < 2) break;
      Atomics.wait(signal, 1, written);
    }
    const n = Math.min(batch, total - done);
    for (let i = 0; i < n; i++) generator.generate();
    done += n;
    const { batch: packed, transfer } = pack(drain(buffers));
    post(done === total ? { kind: 'batch', n, batch: packed, tallies: generator.tallies } : { kind: 'batch', n, batch: packed }, transfer);
    posted++;
  }
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
}
// The port stays open: the writing thread closes it (and ends this thread) once it has every batch.
