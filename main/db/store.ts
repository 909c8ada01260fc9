import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The one store every service works on (DESIGN "Many desks", "Data"). Services build queries with
 * Kysely (typed, dialect-neutral) and execute them here, never through Kysely's own executor, so
 * a second engine is a second implementation of this interface plus its migrations. SQLite is
 * `SqliteStore` (sqlite-store.ts); a PostgreSQL store would hold a pool and keep the transaction's
 * client in AsyncLocalStorage the way SqliteStore keeps its "inside" mark.
 */
export interface Store {
  readonly engine: 'sqlite';
  /** The builder only: build and compile; run through first/all/run below. */
  readonly kysely: Kysely<Database>;
  readonly file: string;
  /** How a worker thread opens the same file (long jobs run there, DESIGN "Long work"). */
  readonly workers: WorkerHost;
  /** SQLite: the write gate its job workers join (db/write-gate.ts), so they never block the desk's thread. */
  readonly writeGate?: SharedArrayBuffer | undefined;
  /** SQLite: a job worker's batch holds the write lock now, so a write would wait for it (issue 11). */
  writeWouldWait?(): boolean;

  first<R>(query: Query<R>): Promise<R | undefined>;
  all<R>(query: Query<R>): Promise<R[]>;
  /** For INSERT/UPDATE/DELETE; returns changes and the last inserted id (RETURNING id or rowid). */
  run(query: Query<unknown>): Promise<RunResult>;
  /** A statement compiled once over named parameters, bound per call (the hot paths). */
  prepared<P extends Record<string, unknown>, R>(build: (p: ParamMaker<P>) => Compilable<R>): Prepared<P, R>;
  /**
   * Runs fn as one transaction. Concurrent calls never interleave inside one transaction: other
   * callers' transactions and queries wait until it ends. A transaction started from inside
   * another joins it as a savepoint (an error inside it, if caught, undoes only its own writes).
   * `read` takes no write lock up front (a consistent read of several queries).
   */
  transaction<T>(fn: () => Promise<T>, mode?: 'write' | 'read'): Promise<T>;
  /** Rows one by one without holding them all (exports). Other calls wait until it ends. */
  stream<R>(query: Query<R>, batch?: number): AsyncIterable<R>;
  /** Lets the engine tidy up when idle (SQLite: a PASSIVE WAL checkpoint; elsewhere a no-op). */
  checkpoint(): Promise<void>;
  /**
   * A bulk loader for data generation into an empty desk (the demo and benchmark seeder): many
   * rows per statement, one transaction per batch, and optionally the engine's fast-load settings.
   * SQLite: multi-row INSERTs (sqlite-bulk.ts); PostgreSQL would use COPY.
   */
  bulk<T extends BulkTables>(tables: T): BulkLoader<T>;
  /** The engine's name search (SQLite: FTS5 member_names; PostgreSQL: tsvector or pg_trgm). */
  readonly names: NameSearch;
  /** False once closed (a worker exit may race the desk closing). */
  readonly isOpen: boolean;
  close(): void;
}

/** Per table, its columns in the order the rows' values come. Tables are written in key order. */
export type BulkTables = Readonly<Record<string, readonly string[]>>;

/** One table's part of a batch: `length` values, `columns.length` per row, read by index. */
export interface BulkRows {
  readonly length: number;
  value(i: number): unknown;
}

export interface BulkLoader<T extends BulkTables> {
  /** Writes one batch (per table, in the order of the tables given) as one transaction. */
  write(batch: readonly BulkRows[]): Promise<void>;
  /** Rows written so far per table. */
  readonly written: Readonly<Record<keyof T & string, number>>;
  /**
   * Switches to fast-load settings for an empty desk whose half-written load is thrown away
   * (SQLite: no WAL, no fsync, a big page cache). Returns what restores the settings.
   */
  fast(): () => void;
}

export type Query<R> = Compilable<R> | CompiledQuery<R>;

export interface RunResult {
  changes: number;
  lastId: number;
}

export interface NameSearch {
  /** Members whose folded name matches, in member-id order (cheap, stable for broad queries). */
  byRowid(match: string, limit: number): Promise<{ id: number }[]>;
  /** Members whose folded name matches, best rank first (for narrow queries). */
  byRank(match: string, limit: number): Promise<{ id: number }[]>;
  /**
   * How many members match, counting no further than cap + 1 (issue 12: the list says how many
   * match, or "more than cap" when counting all of a short word's matches would be slow).
   * A result above cap means more than cap.
   */
  count(match: string, cap: number): Promise<number>;
}

export interface WorkerHost {
  /** better-sqlite3 built for this runtime (Electron), if not Node's. */
  readonly nativeBinding?: string | undefined;
  /** The bundled worker script; absent when running from TypeScript sources (tests, CLI). */
  readonly script?: string | undefined;
  /** Where reports and access exports are written (the app passes the user's downloads folder). */
  readonly exportDir?: string | undefined;
  /** Where the desk's backups are (the admin's Backups page lists them; default `backups/` beside the file). */
  readonly backupDir?: string | undefined;
}

export type ParamMaker<P> = <K extends keyof P & string>(name: K) => P[K];

export interface Prepared<P, R> {
  readonly sql: string;
  all(params: P): Promise<R[]>;
  first(params: P): Promise<R | undefined>;
  run(params: P): Promise<RunResult>;
}

/**
 * A statement compiled once per store, on its first use (issue 12: a Kysely compile cost more
 * than the read itself on the reads every call makes — the session, the settings, the B14 fold
 * and append). `build` gets the store, for its `kysely`.
 */
export function preparedPerStore<P extends Record<string, unknown>, R>(build: (store: Store, p: ParamMaker<P>) => Compilable<R>): (store: Store) => Prepared<P, R> {
  const compiled = new WeakMap<Store, Prepared<P, R>>();
  return (store) => {
    let found = compiled.get(store);
    if (found === undefined) {
      found = store.prepared<P, R>((p) => build(store, p));
      compiled.set(store, found);
    }
    return found;
  };
}
