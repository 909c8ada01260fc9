import { AsyncLocalStorage } from 'node:async_hooks';
import type { Compilable, Kysely } from 'kysely';
import type { Statement } from 'better-sqlite3';
import type { DeskDb, Sqlite } from './open.js';
import type { Database } from './schema.js';
import { SqliteBulkLoader } from './sqlite-bulk.js';
import { WriteGate } from './write-gate.js';
import type { BulkLoader, BulkTables, NameSearch, ParamMaker, Prepared, Query, RunResult, Store, WorkerHost } from './store.js';

type Stmt = Statement<unknown[]>;

/** Who holds the connection: one object per open transaction or stream. */
type Holder = { readonly kind: 'tx' | 'stream' };

/**
 * The store over one better-sqlite3 connection.
 *
 * better-sqlite3 is synchronous, so a query outside any transaction runs at once (nothing can
 * interleave inside one synchronous call). A transaction spans awaits, so it holds an async
 * mutex from BEGIN to COMMIT: other callers' transactions and queries queue behind it (else they
 * would write into it, or read its uncommitted rows on the shared connection). Code running
 * inside the transaction is recognised through AsyncLocalStorage and goes straight through; a
 * transaction begun inside one becomes a SAVEPOINT. Statements are cached by SQL text.
 */
export class SqliteStore implements Store {
  readonly engine = 'sqlite' as const;
  readonly kysely: Kysely<Database>;
  readonly file: string;
  readonly names: NameSearch;
  /** The better-sqlite3 build of this connection (Electron's), for the connections backups open to check a copy. */
  readonly nativeBinding: string | undefined;
  private readonly cache = new Map<string, Stmt>();
  private readonly inside = new AsyncLocalStorage<Holder>();
  private holder: Holder | null = null;
  private locked = false;
  private readonly waiters: (() => void)[] = [];
  private savepoints = 0;
  /**
   * One writer at a time between this connection and the job workers it starts (write-gate.ts):
   * a write transaction waits for it asynchronously, never in SQLite's thread-blocking busy handler.
   */
  readonly gate: WriteGate;

  constructor(
    /** The connection itself: main/db code (backups, the bulk loader) and tests only. */
    readonly sqlite: Sqlite,
    kysely: Kysely<Database>,
    file: string,
    readonly workers: WorkerHost = {},
    gate: WriteGate = new WriteGate(),
  ) {
    this.gate = gate;
    this.kysely = kysely;
    this.file = file;
    this.nativeBinding = workers.nativeBinding;
    // The FTS5 name index (migration 0001); a PostgreSQL store answers these with tsvector.
    const byRowid = this.statement('SELECT rowid AS id FROM member_names WHERE member_names MATCH ? ORDER BY rowid LIMIT ?');
    const byRank = this.statement('SELECT rowid AS id FROM member_names WHERE member_names MATCH ? ORDER BY rank LIMIT ?');
    // Issue 12: a bounded count (the LIMIT'ed subquery stops after cap + 1 rowids of the index).
    const count = this.statement('SELECT count(*) AS n FROM (SELECT rowid FROM member_names WHERE member_names MATCH ? LIMIT ?)');
    this.names = {
      byRowid: (match, limit) => this.exclusive(() => byRowid.all(match, limit) as { id: number }[]),
      byRank: (match, limit) => this.exclusive(() => byRank.all(match, limit) as { id: number }[]),
      count: (match, cap) => this.exclusive(() => Number((count.get(match, cap + 1) as { n: number }).n)),
    };
  }

  writeWouldWait(): boolean {
    return this.gate.heldByJob;
  }

  get writeGate(): SharedArrayBuffer {
    return this.gate.buffer;
  }

  get isOpen(): boolean {
    return this.sqlite.open;
  }

  close(): void {
    this.sqlite.close();
  }

  async first<R>(query: Query<R>): Promise<R | undefined> {
    return await this.exclusive(() => {
      const compiled = 'compile' in query ? query.compile() : query;
      const stmt = this.statement(compiled.sql);
      return (stmt.reader ? stmt.get(...bind(compiled.parameters)) : undefined) as R | undefined;
    });
  }

  async all<R>(query: Query<R>): Promise<R[]> {
    return await this.exclusive(() => {
      const compiled = 'compile' in query ? query.compile() : query;
      return this.statement(compiled.sql).all(...bind(compiled.parameters)) as R[];
    });
  }

  async run(query: Query<unknown>): Promise<RunResult> {
    const compiled = 'compile' in query ? query.compile() : query;
    const stmt = this.statement(compiled.sql);
    // A write outside a transaction takes the write gate like one (BEGIN IMMEDIATE … COMMIT is
    // what SQLite's autocommit does anyway).
    if (!stmt.readonly && !this.mine()) return await this.transaction(async () => runStatement(stmt, bind(compiled.parameters)));
    return await this.exclusive(() => runStatement(stmt, bind(compiled.parameters)));
  }

  prepared<P extends Record<string, unknown>, R>(build: (p: ParamMaker<P>) => Compilable<R>): Prepared<P, R> {
    const compiled = build(paramMaker as ParamMaker<P>).compile();
    const order = compiled.parameters.map((value) => {
      if (typeof value === 'string' && value.startsWith(PARAM)) return { name: value.slice(PARAM.length) };
      return { literal: value };
    });
    const stmt = this.statement(compiled.sql);
    const args = (params: P): unknown[] => bind(order.map((slot) => ('name' in slot ? params[slot.name as keyof P] : slot.literal)));
    return {
      sql: compiled.sql,
      all: (params) => this.exclusive(() => stmt.all(...args(params)) as R[]),
      first: (params) => this.exclusive(() => stmt.get(...args(params)) as R | undefined),
      run: (params) =>
        !stmt.readonly && !this.mine()
          ? this.transaction(async () => runStatement(stmt, args(params)))
          : this.exclusive(() => runStatement(stmt, args(params))),
    };
  }

  async transaction<T>(fn: () => Promise<T>, mode: 'write' | 'read' = 'write'): Promise<T> {
    if (this.mine()) return await this.savepoint(fn);
    if (mode === 'read') return await this.onConnection(fn, 'BEGIN DEFERRED');
    // A write waits for its turn among this desk's writers (FIFO), then for the write gate (a
    // job's batch may hold it), and only then for the connection: reads go on answering while
    // a write waits for a batch to commit. When nothing is in the way, all three are taken
    // synchronously, so a query issued after this call queues behind the transaction.
    const now = !this.writing && this.gate.tryAcquire();
    if (now) this.writing = true;
    try {
      if (!now) {
        await this.writerTurn();
        await this.gate.acquire();
      }
      try {
        return await this.onConnection(fn, 'BEGIN IMMEDIATE');
      } finally {
        this.gate.release();
        this.afterCommit();
      }
    } finally {
      this.nextWriter();
    }
  }

  private checkpointEvery = 0;
  private commitsSinceCheckpoint = 0;

  /**
   * Issue 11, for a job worker's connection: SQLite's automatic checkpoint runs inside COMMIT, so a
   * batch kept the write gate (and every desk write waiting for it) while the WAL was copied into
   * the file and synced — the longest waits of a note or a booking during the monthly run. With
   * this, the connection checkpoints itself (PASSIVE: it never waits for, nor blocks, a writer)
   * after every `commits` write transactions, once the gate is free again.
   */
  checkpointAfterCommits(commits: number): void {
    this.sqlite.pragma('wal_autocheckpoint = 0');
    this.checkpointEvery = commits;
  }

  private afterCommit(): void {
    if (this.checkpointEvery <= 0) return;
    this.commitsSinceCheckpoint += 1;
    if (this.commitsSinceCheckpoint < this.checkpointEvery || !this.sqlite.open) return;
    this.commitsSinceCheckpoint = 0;
    this.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }

  private async onConnection<T>(fn: () => Promise<T>, begin: string): Promise<T> {
    await this.acquire();
    const holder: Holder = { kind: 'tx' };
    this.holder = holder;
    try {
      this.sqlite.exec(begin);
      try {
        const result = await this.inside.run(holder, fn);
        this.sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.holder = null;
      this.release();
    }
  }

  private writing = false;
  private readonly writers: (() => void)[] = [];

  private writerTurn(): Promise<void> {
    if (!this.writing) {
      this.writing = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.writers.push(resolve));
  }

  private nextWriter(): void {
    const next = this.writers.shift();
    if (next === undefined) this.writing = false;
    else next();
  }

  async *stream<R>(query: Query<R>, batch = 1_000): AsyncIterable<R> {
    const compiled = 'compile' in query ? query.compile() : query;
    // An open better-sqlite3 iterator keeps the connection busy: hold it for the whole stream
    // (unless we are inside a transaction, which holds it already). Do not query the store from
    // the loop body of a stream begun outside a transaction: that call would wait for the stream.
    const own = !this.mine();
    if (own) {
      await this.acquire();
      this.holder = { kind: 'stream' };
    }
    try {
      const rows = this.statement(compiled.sql).iterate(...bind(compiled.parameters)) as IterableIterator<R>;
      let n = 0;
      for (const row of rows) {
        yield row;
        n += 1;
        // Let the event loop breathe between batches (progress messages, cancellation).
        if (n % batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      if (own) {
        this.holder = null;
        this.release();
      }
    }
  }

  bulk<T extends BulkTables>(tables: T): BulkLoader<T> {
    return new SqliteBulkLoader(this.sqlite, tables, (work) => this.exclusive(work));
  }

  async checkpoint(): Promise<void> {
    return await this.exclusive(() => {
      if (this.sqlite.open) this.sqlite.pragma('wal_checkpoint(PASSIVE)');
    });
  }

  /** Runs a synchronous piece of work on the connection, in turn (the bulk writer, backups). */
  exclusive<T>(work: () => T): Promise<T> {
    // Fast path: nobody holds the connection, or we are the holder: run now (still async to the caller).
    if (!this.locked || this.mine()) {
      try {
        return Promise.resolve(work());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return this.acquire().then(() => {
      try {
        return work();
      } finally {
        this.release();
      }
    });
  }

  private mine(): boolean {
    const h = this.inside.getStore();
    return h !== undefined && h === this.holder;
  }

  private async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    this.savepoints += 1;
    const name = `sp_${this.savepoints}`;
    this.sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.sqlite.exec(`ROLLBACK TO ${name}`);
      this.sqlite.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.savepoints -= 1;
    }
  }

  /** Takes the mutex; resolves at once when it is free. The lock is handed over in FIFO order. */
  private acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.locked = false;
    else next();
  }

  private statement(sqlText: string): Stmt {
    let stmt = this.cache.get(sqlText);
    if (stmt === undefined) {
      stmt = this.sqlite.prepare<unknown[]>(sqlText);
      this.cache.set(sqlText, stmt);
    }
    return stmt;
  }
}

export function sqliteStore(db: DeskDb, workers: WorkerHost = {}, gate?: WriteGate): SqliteStore {
  return new SqliteStore(db.sqlite, db.kysely, db.file, workers, gate);
}

function runStatement(stmt: Stmt, params: unknown[]): RunResult {
  if (stmt.reader) {
    // INSERT … RETURNING: run it as a read so the returned row is consumed.
    const row = stmt.get(...params) as { id?: number } | undefined;
    return { changes: row === undefined ? 0 : 1, lastId: Number(row?.id ?? 0) };
  }
  const info = stmt.run(...params);
  return { changes: info.changes, lastId: Number(info.lastInsertRowid) };
}

const PARAM = '\u0000param:';
const paramMaker = (name: string): string => `${PARAM}${name}`;

/** better-sqlite3 takes no booleans; Kysely may hand them through. */
function bind(values: readonly unknown[]): unknown[] {
  return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}

/**
 * The raw connection under a SQLite store, for tests that plant or inspect rows directly (the
 * services go through the Store, the seeder through Store.bulk). Refuses other engines.
 */
export function sqliteConnection(store: Store): Sqlite {
  if (!(store instanceof SqliteStore)) throw new Error(`bulk loading is written for SQLite, not ${store.engine}`);
  return store.sqlite;
}
