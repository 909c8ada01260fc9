/**
 * One writer at a time between the desk's thread and its job workers, decided in memory instead
 * of in SQLite's busy handler (issue 11).
 *
 * SQLite has one write lock per file. When a worker's batch (the monthly run) holds it, a desk
 * call that writes — a booking, or the B14 access row every search and page view appends — used
 * to wait in SQLite's busy handler, which *sleeps the thread*: on the desk server that is the one
 * thread every agent's call runs on, so one batch stalled all of them, and the handler's sleeps
 * (up to 100 ms each) let the worker take the lock again before the desk woke up.
 *
 * The gate is a shared word (0 free, 1 the desk, 2 a job) in a SharedArrayBuffer handed to every
 * job worker of the store. The desk waits for it with `Atomics.waitAsync`, so its thread keeps
 * answering reads while a batch commits; a job waits while the desk holds the gate or is waiting
 * for it (the desk goes first: an agent is on the phone, the run can wait a batch), but not for
 * longer than `JOB_PATIENCE_MS` at a stretch, so a busy desk cannot starve the run. Other
 * processes on the same file (the CLI) are still ordered by SQLite's lock and busy timeout.
 */

import { performance } from 'node:perf_hooks';

const FREE = 0;
const DESK = 1;
const JOB = 2;
/** Index of the owner word and of the count of desk callers waiting. */
const OWNER = 0;
const DESK_WAITING = 1;
const JOB_WAITING = 2;
/** How long a job defers to waiting desk calls before it takes the gate when it is free. */
const JOB_PATIENCE_MS = 50;
/** Upper bound of one wait; the loop then looks again (a lost wake-up costs at most this). */
const WAIT_SLICE_MS = 20;

export type GateSide = 'desk' | 'job';

export class WriteGate {
  private readonly words: Int32Array;
  private held = false;

  constructor(
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(12),
    readonly side: GateSide = 'desk',
  ) {
    this.words = new Int32Array(buffer);
  }

  /** The same gate as seen from a job worker. */
  static forJob(buffer: SharedArrayBuffer): WriteGate {
    return new WriteGate(buffer, 'job');
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** A job worker holds the gate now (a desk write would wait for its batch). */
  get heldByJob(): boolean {
    return Atomics.load(this.words, OWNER) === JOB;
  }

  /** How many job workers wait for the gate now (tests, diagnostics). */
  get jobsWaiting(): number {
    return Atomics.load(this.words, JOB_WAITING);
  }

  /** Waits, without blocking the thread, until this side holds the gate. */
  async acquire(): Promise<void> {
    if (this.side === 'desk') await this.acquireAsDesk();
    else await this.acquireAsJob();
    this.held = true;
  }

  /** Takes the gate now if it is free and nobody is ahead (the desk side's fast path); false otherwise. */
  tryAcquire(): boolean {
    if (this.side === 'job' && Atomics.load(this.words, DESK_WAITING) > 0) return false;
    if (Atomics.compareExchange(this.words, OWNER, FREE, this.side === 'desk' ? DESK : JOB) !== FREE) return false;
    this.held = true;
    return true;
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    Atomics.store(this.words, OWNER, FREE);
    Atomics.notify(this.words, OWNER);
  }

  /**
   * A job worker ended (or died) without releasing: the desk frees the gate for it, so one
   * crashed worker cannot stop every later write.
   */
  releaseForDeadJob(): void {
    if (Atomics.compareExchange(this.words, OWNER, JOB, FREE) === JOB) Atomics.notify(this.words, OWNER);
  }

  private async acquireAsDesk(): Promise<void> {
    Atomics.add(this.words, DESK_WAITING, 1);
    try {
      for (;;) {
        const seen = Atomics.compareExchange(this.words, OWNER, FREE, DESK);
        if (seen === FREE) return;
        await waitFor(this.words, seen, WAIT_SLICE_MS);
      }
    } finally {
      Atomics.sub(this.words, DESK_WAITING, 1);
    }
  }

  private async acquireAsJob(): Promise<void> {
    Atomics.add(this.words, JOB_WAITING, 1);
    try {
      await this.jobTurn();
    } finally {
      Atomics.sub(this.words, JOB_WAITING, 1);
    }
  }

  private async jobTurn(): Promise<void> {
    const patientUntil = performance.now() + JOB_PATIENCE_MS;
    for (;;) {
      const deskWaiting = Atomics.load(this.words, DESK_WAITING) > 0 && performance.now() < patientUntil;
      if (!deskWaiting) {
        const seen = Atomics.compareExchange(this.words, OWNER, FREE, JOB);
        if (seen === FREE) return;
      }
      const owner = Atomics.load(this.words, OWNER);
      await waitFor(this.words, owner, owner === FREE ? 1 : WAIT_SLICE_MS);
    }
  }
}

/**
 * Waits until the owner word is no longer `seen`, or `ms` passed. A pending `Atomics.waitAsync`
 * holds no handle on Node's event loop, and its timeout runs on V8's own timer: a worker whose
 * only work was waiting for the gate exited when that timeout came later than expected (seen
 * under load: "The worker stopped unexpectedly"). So the wait is raced against a real timer of
 * the same length, which both keeps the thread alive and ends the wait whatever V8 does.
 */
async function waitFor(words: Int32Array, seen: number, ms: number): Promise<void> {
  const wait = Atomics.waitAsync(words, OWNER, seen, ms);
  if (!wait.async) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([wait.value, elapsed]);
  } finally {
    clearTimeout(timer);
  }
}
