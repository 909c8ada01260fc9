import type { Compilable, CompiledQuery } from 'kysely';
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from './open.js';

type Stmt = Statement<unknown[]>;

/**
 * Runs Kysely-built queries synchronously on better-sqlite3, with a prepared-statement cache.
 *
 * Kysely re-prepares every query and its executor is async; the desk's interactive calls are
 * sub-millisecond and run inside synchronous better-sqlite3 transactions, so queries are built
 * with Kysely (typed, dialect-neutral) and executed here. Statements are cached by SQL text.
 */
export class QueryRunner {
  private readonly cache = new Map<string, Stmt>();
  constructor(readonly sqlite: Sqlite) {}

  private statement(sqlText: string): Stmt {
    let stmt = this.cache.get(sqlText);
    if (stmt === undefined) {
      stmt = this.sqlite.prepare<unknown[]>(sqlText);
      this.cache.set(sqlText, stmt);
    }
    return stmt;
  }

  all<R>(query: Compilable<R> | CompiledQuery<R>): R[] {
    const compiled = 'compile' in query ? query.compile() : query;
    return this.statement(compiled.sql).all(...bind(compiled.parameters)) as R[];
  }

  first<R>(query: Compilable<R> | CompiledQuery<R>): R | undefined {
    const compiled = 'compile' in query ? query.compile() : query;
    const stmt = this.statement(compiled.sql);
    return (stmt.reader ? stmt.get(...bind(compiled.parameters)) : undefined) as R | undefined;
  }

  /** For INSERT/UPDATE/DELETE; returns changes and the last inserted rowid. */
  run(query: Compilable<unknown> | CompiledQuery<unknown>): { changes: number; lastId: number } {
    const compiled = 'compile' in query ? query.compile() : query;
    const stmt = this.statement(compiled.sql);
    if (stmt.reader) {
      // INSERT … RETURNING: run it as a read so the returned row is consumed.
      const row = stmt.get(...bind(compiled.parameters)) as { id?: number } | undefined;
      return { changes: row === undefined ? 0 : 1, lastId: Number(row?.id ?? 0) };
    }
    const info = stmt.run(...bind(compiled.parameters));
    return { changes: info.changes, lastId: Number(info.lastInsertRowid) };
  }

  /** A precompiled statement over named parameters: compile once, bind per call. */
  prepared<P extends Record<string, unknown>, R>(build: (p: ParamMaker<P>) => Compilable<R>): Prepared<P, R> {
    const compiled = build(paramMaker as ParamMaker<P>).compile();
    const order = compiled.parameters.map((value) => {
      if (typeof value === 'string' && value.startsWith(PARAM)) return { name: value.slice(PARAM.length) };
      return { literal: value };
    });
    const stmt = this.statement(compiled.sql);
    const args = (params: P): unknown[] =>
      bind(order.map((slot) => ('name' in slot ? params[slot.name as keyof P] : slot.literal)));
    return {
      sql: compiled.sql,
      all: (params) => stmt.all(...args(params)) as R[],
      first: (params) => stmt.get(...args(params)) as R | undefined,
      run: (params) => {
        const info = stmt.run(...args(params));
        return { changes: info.changes, lastId: Number(info.lastInsertRowid) };
      },
    };
  }

  /** One synchronous transaction; nested calls become savepoints (better-sqlite3 semantics). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }
}

const PARAM = '\u0000param:';
export type ParamMaker<P> = <K extends keyof P & string>(name: K) => P[K];
const paramMaker = (name: string): string => `${PARAM}${name}`;

export interface Prepared<P, R> {
  readonly sql: string;
  all(params: P): R[];
  first(params: P): R | undefined;
  run(params: P): { changes: number; lastId: number };
}

/** better-sqlite3 takes no booleans; Kysely may hand them through. */
function bind(values: readonly unknown[]): unknown[] {
  return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}
