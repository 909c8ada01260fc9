import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/open.js';

/**
 * Buffered multi-row INSERTs for the seeder. Raw better-sqlite3 on purpose: the seeder writes
 * tens of millions of rows, and one statement per row (let alone Kysely per row) costs several
 * times more. This is data generation for an SQLite file, so SQLite-only SQL is acceptable here;
 * the desk's services stay dialect-neutral.
 *
 * Rows are pushed as flat values and written when the caller flushes (at the end of each
 * transaction), table by table in the order the writers were made, so parents precede children.
 */
export class TableWriter {
  /** Flat row values, `columns.length` per row. Push directly for speed. */
  values: unknown[] = [];
  /** Rows written so far. */
  written = 0;
  private readonly width: number;
  private readonly perStatement: number;
  private readonly statements = new Map<number, Statement<unknown[]>>();

  constructor(
    private readonly sqlite: Sqlite,
    readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.width = columns.length;
    // ~1,000 bound values a statement: fewer calls into SQLite, far below its variable limit.
    this.perStatement = Math.max(1, Math.floor(1_000 / this.width));
  }

  get pending(): number {
    return this.values.length / this.width;
  }

  private statement(rows: number): Statement<unknown[]> {
    let stmt = this.statements.get(rows);
    if (stmt === undefined) {
      const one = `(${new Array<string>(this.width).fill('?').join(',')})`;
      stmt = this.sqlite.prepare<unknown[]>(
        `INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${new Array<string>(rows).fill(one).join(',')}`,
      );
      this.statements.set(rows, stmt);
    }
    return stmt;
  }

  flush(): void {
    const values = this.values;
    const rows = values.length / this.width;
    if (!Number.isInteger(rows)) throw new Error(`${this.table}: ${values.length} values is not whole rows of ${this.width}`);
    const chunk = this.perStatement * this.width;
    let at = 0;
    const full = this.statement(this.perStatement);
    while (values.length - at >= chunk) {
      full.run(values.slice(at, at + chunk));
      at += chunk;
    }
    if (at < values.length) this.statement((values.length - at) / this.width).run(values.slice(at));
    this.written += rows;
    this.values = [];
  }
}
