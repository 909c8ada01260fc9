import { dirname, join } from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput } from '../shared/contract.js';
import { DeskError, type Result } from '../shared/errors.js';
import type { UserSummary } from '../shared/channels/auth.js';
import { systemClock, type Clock } from './clock.js';
import { appliedMigrations, migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { applyPendingRestore, type PendingOutcome } from './db/restore.js';
import { createRouter, type CallMeta, type Reply, type Router } from './api/router.js';
import { channelTopics, memberOfCall, productsOfCall, type DeskEvent } from '../shared/events.js';
import { isChannelName } from '../shared/contract.js';
import { parkJobs, watchJobs } from './services/jobs.js';
import { flushAccessLog } from './services/audit.js';
import { sqliteStore, type SqliteStore } from './db/sqlite-store.js';
import { PRODUCTION_N } from './services/passwords.js';
import { endSession } from './services/auth.js';
import { recordRestore } from './services/backups.js';

export interface Session {
  readonly token: string;
  readonly user: UserSummary;
}

export interface DeskOptions {
  file: string;
  clock?: Clock;
  /** better-sqlite3 built for Electron (see scripts/electron-native.ts). */
  nativeBinding?: string;
  /** The bundled worker script for long jobs (the packaged app); sources use tsx. */
  workerScript?: string;
  /** Where exports are written (default: `exports/` beside the database file). */
  exportDir?: string;
  /** scrypt N; only tests lower it. */
  passwordN?: number;
  /** Where backups are: the pre-migration backup goes there, the Backups page lists it (default: `backups/` beside the file). */
  backupDir?: string;
  validateOutput?: boolean;
  /** Checkpoint the WAL after this long without a call (ms); 0 turns it off. Default 3 s. */
  idleCheckpointMs?: number;
  onInternalError?: (error: unknown, channel: string) => void;
}

/** A caller that keeps its own session: one per window, per browser page, per CLI run. */
export interface Connection {
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** Typed form for Node callers. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  signedIn(): boolean;
  /**
   * The caller is gone (its window closed, reloaded or crashed): ends its session in the store,
   * so the token is worth nothing afterwards (issue 10). Safe to call more than once.
   */
  end(): Promise<void>;
}

export interface Desk {
  login(username: string, password: string): Promise<Session>;
  invoke(session: Session | null, channel: unknown, input: unknown): Promise<Result<unknown>>;
  /**
   * One call as a transport hands it over: the raw token it carried (a cookie, a header, or
   * none), and what it knows of the caller. The desk server answers every request through this.
   */
  handle(token: unknown, channel: unknown, input: unknown, meta?: CallMeta): Promise<Reply>;
  connect(): Connection;
  /**
   * Hear what every caller of this desk changed (shared/events.ts): the server pushes these to
   * every signed-in desk. Returns the function that stops listening.
   */
  onEvent(listener: (event: DeskEvent) => void): () => void;
  /** The newest migration the store has (what `GET /api/health` reports); throws when the store is closed. */
  health(): Promise<{ schemaVersion: string; engine: string }>;
  close(): void;
  /** A graceful stop: running jobs are asked to stop between batches and awaited (the monthly run resumes on the next start), then the store closes. */
  shutdown(): Promise<void>;
  /** The store (SQLite is the only engine today; services see only the Store interface). */
  readonly store: SqliteStore;
  readonly clock: Clock;
  /**
   * The restore scheduled from the Backups page, done (or attempted) before the file was opened
   * (issue 10, main/db/restore.ts); null when none was pending.
   */
  readonly restore: PendingOutcome | null;
}

/** Opens a desk without Electron: the CLI, tests, the browser harness and the bench use this. */
export async function openDesk(options: DeskOptions): Promise<Desk> {
  const clock = options.clock ?? systemClock;
  const backupDir = options.backupDir ?? join(dirname(options.file), 'backups');
  // A restore the admin scheduled while the desk had the file open: the swap happens before opening.
  const restore = applyPendingRestore(options.file, { now: clock.now(), nativeBinding: options.nativeBinding });
  const db = openDatabase({
    file: options.file,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
  let migrated: string[];
  try {
    migrated = await migrateToLatest(db, { backupDir, now: clock.now() });
  } catch (error) {
    db.sqlite.close();
    throw error;
  }
  const store = sqliteStore(db, {
    nativeBinding: options.nativeBinding,
    script: options.workerScript,
    exportDir: options.exportDir ?? join(dirname(options.file), 'exports'),
    backupDir,
  });
  if (restore?.kind === 'restored') {
    await recordRestore({ store, clock, user: null, passwords: { N: PRODUCTION_N } }, { backup: restore.backup, result: restore.result, migrated });
  }
  const router: Router = createRouter({
    store,
    clock,
    passwords: { N: options.passwordN ?? PRODUCTION_N },
    ...(options.validateOutput === undefined ? {} : { validateOutput: options.validateOutput }),
    ...(options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError }),
  });

  // DESIGN "Long work and search": WAL checkpoints cause the rare slow write, so the desk
  // checkpoints when it has been idle a moment instead of inside an agent's booking.
  const idleMs = options.idleCheckpointMs ?? 3_000;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  const touched = (): void => {
    if (idleMs <= 0) return;
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (store.isOpen) void store.checkpoint();
    }, idleMs);
    idleTimer.unref();
  };
  // Issue 11: what a call changed, for the other desks. Job progress comes many times a second;
  // it is told at most every quarter second (the last state always gets out).
  const listeners = new Set<(event: DeskEvent) => void>();
  const emit = (event: DeskEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        options.onInternalError?.(error, 'events');
      }
    }
  };
  let jobTimer: ReturnType<typeof setTimeout> | null = null;
  const stopWatchingJobs = watchJobs(store, () => {
    if (jobTimer !== null) return;
    jobTimer = setTimeout(() => {
      jobTimer = null;
      emit({ kind: 'changed', topics: ['jobs'] });
    }, 250);
    jobTimer.unref();
  });
  const route: Router = async (token, channel, input, meta) => {
    try {
      const reply = await router(token, channel, input, meta);
      if (reply.result.ok && isChannelName(channel)) {
        const topics = channelTopics[channel];
        if (topics !== undefined && listeners.size > 0) {
          const memberId = memberOfCall(input, reply.result.value);
          const productIds = topics.includes('stock') ? productsOfCall(input, reply.result.value) : undefined;
          emit({ kind: 'changed', topics: [...topics], ...(memberId === undefined ? {} : { memberId }), ...(productIds === undefined ? {} : { productIds }) });
        }
      }
      return reply;
    } finally {
      touched();
    }
  };
  const close = (): void => {
    if (idleTimer !== null) clearTimeout(idleTimer);
    if (jobTimer !== null) clearTimeout(jobTimer);
    stopWatchingJobs();
    listeners.clear();
    store.close();
  };

  const connect = (): Connection => {
    let token: string | null = null;
    const invoke = async (channel: unknown, input: unknown): Promise<Result<unknown>> => {
      const reply = await route(token, channel, input);
      if (reply.session !== undefined) token = reply.session;
      return reply.result;
    };
    return {
      invoke,
      call: async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
        const result = await invoke(channel, input);
        if (!result.ok) throw new DeskError(result.error.code, result.error.message, result.error.details);
        return result.value as ChannelOutput<C>;
      },
      signedIn: () => token !== null,
      end: async () => {
        const ending = token;
        token = null;
        if (ending !== null && store.isOpen) await endSession({ store, clock, user: null, passwords: { N: PRODUCTION_N } }, ending, 'window_closed');
      },
    };
  };

  return {
    store,
    clock,
    restore,
    connect,
    async login(username, password) {
      const reply = await route(null, 'auth.login', { username, password });
      const token = reply.session;
      if (!reply.result.ok) {
        const { code, message, details } = reply.result.error;
        throw new DeskError(code, message, details);
      }
      if (typeof token !== 'string') throw new DeskError('internal', 'sign-in gave no session');
      return { token, user: (reply.result.value as { user: UserSummary }).user };
    },
    async invoke(session, channel, input) {
      return (await route(session?.token ?? null, channel, input)).result;
    },
    handle: (token, channel, input, meta) => route(token, channel, input, meta),
    async health() {
      if (!store.isOpen) throw new DeskError('internal', 'The store is closed.');
      return { schemaVersion: appliedMigrations(store).at(-1) ?? 'none', engine: store.engine };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close,
    async shutdown() {
      await parkJobs(store);
      // B14 rows of reads queued behind the last batch are written before the store closes.
      await flushAccessLog(store);
      close();
    },
  };
}
