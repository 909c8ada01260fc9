import type { Sqlite, SqliteStatement as Statement } from './open.js';
import type { BulkLoader, BulkRows, BulkTables } from './store.js';

/**
 * The SQLite bulk loader (Store.bulk): prepared multi-row INSERTs of ~1,000 bound values each,
 * one IMMEDIATE transaction per batch. The seeder writes tens of millions of rows, and a
 * statement per row (let alone a compiled Kysely query per row) costs several times more.
 * Every row still passes the schema's CHECK constraints, foreign keys and triggers.
 */
export class SqliteBulkLoader<T extends BulkTables> implements BulkLoader<T> {
  private readonly writers: TableWriter[];

  constructor(
    private readonly sqlite: Sqlite,
    tables: T,
    /** Runs synchronous work on the connection in turn with the store's other callers. */
    private readonly exclusive: <R>(work: () => R) => Promise<R>,
  ) {
    this.writers = Object.entries(tables).map(([table, columns]) => new TableWriter(sqlite, table, columns));
  }

  get written(): Readonly<Record<keyof T & string, number>> {
    const out: Record<string, number> = {};
    for (const w of this.writers) out[w.table] = w.written;
    return out as Record<keyof T & string, number>;
  }

  async write(batch: readonly BulkRows[]): Promise<void> {
    if (batch.length !== this.writers.length) throw new Error(`a bulk batch has ${batch.length} tables, not ${this.writers.length}`);
    await this.exclusive(() => {
      this.sqlite
        .transaction(() => {
          this.writers.forEach((writer, i) => writer.write(batch[i] ?? EMPTY));
        })
        .immediate();
    });
  }

  fast(): () => void {
    const sqlite = this.sqlite;
    const journal = String(sqlite.pragma('journal_mode', { simple: true }));
    const synchronous = Number(sqlite.pragma('synchronous', { simple: true }));
    const cache = Number(sqlite.pragma('cache_size', { simple: true }));
    let switched = false;
    try {
      // The WAL's crash safety buys nothing for a load that is thrown away when cut off, while it
      // writes every page twice and fsyncs at each checkpoint.
      switched = String(sqlite.pragma('journal_mode = MEMORY', { simple: true })).toLowerCase() === 'memory';
    } catch {
      // Another connection has the file open (WAL cannot be left then): load in WAL.
    }
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -1048576');
    return () => {
      sqlite.pragma(`cache_size = ${cache}`);
      sqlite.pragma(`synchronous = ${synchronous}`);
      if (switched) sqlite.pragma(`journal_mode = ${journal}`);
    };
  }
}

const EMPTY: BulkRows = { length: 0, value: () => null };

/** Writes flat row values into one table with prepared multi-row INSERTs. */
class TableWriter {
  written = 0;
  private readonly width: number;
  private readonly perStatement: number;
  private readonly statements = new Map<number, Statement<unknown[]>>();
  /** Reused parameter array for full statements (no garbage per statement). */
  private readonly params: unknown[];

  constructor(
    private readonly sqlite: Sqlite,
    readonly table: string,
    private readonly columns: readonly string[],
  ) {
    if (!/^[a-z_]+$/.test(table) || !columns.every((c) => /^[a-z_]+$/.test(c))) throw new Error(`bad bulk table ${table}`);
    this.width = columns.length;
    // ~1,000 bound values a statement: few calls into SQLite, far below its variable limit.
    this.perStatement = Math.max(1, Math.floor(1_000 / this.width));
    this.params = new Array<unknown>(this.perStatement * this.width);
  }

  private statement(rows: number): Statement<unknown[]> {
    let stmt = this.statements.get(rows);
    if (stmt === undefined) {
      const one = `(${new Array<string>(this.width).fill('?').join(',')})`;
      stmt = this.sqlite.prepare<unknown[]>(`INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${new Array<string>(rows).fill(one).join(',')}`);
      this.statements.set(rows, stmt);
    }
    return stmt;
  }

  write(rowsIn: BulkRows): void {
    const length = rowsIn.length;
    const rows = length / this.width;
    if (!Number.isInteger(rows)) throw new Error(`${this.table}: ${length} values is not whole rows of ${this.width}`);
    const chunk = this.perStatement * this.width;
    const params = this.params;
    const full = this.statement(this.perStatement);
    let at = 0;
    while (length - at >= chunk) {
      for (let j = 0; j < chunk; j++) params[j] = rowsIn.value(at + j);
      full.run(params);
      at += chunk;
    }
    if (at < length) {
      const rest = new Array<unknown>(length - at);
      for (let j = 0; j < rest.length; j++) rest[j] = rowsIn.value(at + j);
      this.statement(rest.length / this.width).run(rest);
    }
    this.written += rows;
  }
}
