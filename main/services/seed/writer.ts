import type { Sqlite, SqliteStatement as Statement } from '../../db/open.js';

/**
 * Buffered multi-row INSERTs for the seeder. Raw better-sqlite3 on purpose: the seeder writes
 * tens of millions of rows, and one statement per row (let alone Kysely per row) costs several
 * times more. This is data generation for an SQLite file, so SQLite-only SQL is acceptable here;
 * the desk's services stay dialect-neutral.
 */

/** The tables the member generator fills, in write order: parents before children. */
export const MEMBER_TABLES = {
  members: [
    'id', 'member_no', 'first_name', 'last_name', 'email', 'phone', 'address', 'postcode', 'city', 'birth_date', 'state', 'balance',
    'enrolled_on', 'cancelled_on', 'balance_at_cancellation', 'cap_applied_on', 'keep_membership_on', 'opted_out_on', 'ended_on', 'created_at',
  ],
  subscriptions: ['id', 'member_id', 'plan', 'status', 'started_on', 'cancelled_on', 'next_delivery_on'],
  invoices: ['id', 'member_id', 'invoice_no', 'amount_ore', 'issued_on', 'due_on', 'status', 'paid_on'],
  redemptions: [
    'id', 'member_id', 'idempotency_key', 'status', 'channel', 'total_points', 'delivery', 'delivery_on', 'postage_ore', 'identity_checks',
    'email_from', 'email_received_at', 'email_subject', 'created_at', 'created_by', 'shipped_at', 'cancelled_at', 'cancel_reason',
  ],
  redemption_lines: ['id', 'redemption_id', 'product_id', 'quantity', 'points_each'],
  ledger_entries: ['id', 'member_id', 'kind', 'amount', 'occurred_at', 'effective_on', 'channel', 'reason', 'user_id', 'run_id', 'reverses_entry_id', 'redemption_id', 'reason_code', 'reason_params'],
  point_lots: ['id', 'member_id', 'earned_on', 'expires_on', 'amount', 'remaining', 'withheld', 'entry_id'],
  lot_allocations: ['entry_id', 'lot_id', 'amount'],
  membership_events: ['id', 'member_id', 'kind', 'on_date', 'at', 'channel', 'user_id', 'reason', 'reason_code', 'reason_params'],
  member_notes: ['id', 'member_id', 'body', 'created_at', 'created_by'],
  service_emails: ['id', 'member_id', 'kind', 'due_on', 'ends_on', 'run_id', 'subject', 'body', 'sent_at', 'sent_by'],
} as const satisfies Record<string, readonly string[]>;

export type MemberTable = keyof typeof MEMBER_TABLES;
export const memberTableNames = Object.keys(MEMBER_TABLES) as MemberTable[];

/** Flat row values (`columns.length` per row) waiting to be written. Push directly for speed. */
export interface RowBuffer {
  values: unknown[];
}

export type RowBuffers = Record<MemberTable, RowBuffer>;

export function rowBuffers(): RowBuffers {
  const buffers = {} as RowBuffers;
  for (const name of memberTableNames) buffers[name] = { values: [] };
  return buffers;
}

/** Takes the buffered values out (for writing or for posting to the writing thread). */
export function drain(buffers: RowBuffers): unknown[][] {
  return memberTableNames.map((name) => {
    const values = buffers[name].values;
    buffers[name].values = [];
    return values;
  });
}

/**
 * A batch's values packed for another thread. Structured cloning of millions of small values
 * (strings above all) costs the receiving thread about a microsecond each, and that thread is
 * the one writing to SQLite, the bottleneck. Packed, the numbers travel in typed arrays that move
 * without copying, and each distinct string crosses once; the generating thread pays for it.
 */
export interface PackedTable {
  /** Per value: -1 null, -2 the number in `numbers`, otherwise an index into `strings`. */
  tags: Int32Array;
  numbers: Float64Array;
}
export interface PackedBatch {
  strings: string[];
  tables: PackedTable[];
}

const NULL_TAG = -1;
const NUMBER_TAG = -2;

export function pack(tables: readonly (readonly unknown[])[]): { batch: PackedBatch; transfer: ArrayBuffer[] } {
  const index = new Map<string, number>();
  const strings: string[] = [];
  const packed: PackedTable[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const values of tables) {
    const tags = new Int32Array(values.length);
    const numbers = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'number') {
        tags[i] = NUMBER_TAG;
        numbers[i] = v;
      } else if (typeof v === 'string') {
        let at = index.get(v);
        if (at === undefined) {
          at = strings.length;
          strings.push(v);
          index.set(v, at);
        }
        tags[i] = at;
      } else if (v === null || v === undefined) {
        tags[i] = NULL_TAG;
      } else {
        throw new Error(`cannot pack a ${typeof v}`);
      }
    }
    packed.push({ tags, numbers });
    transfer.push(tags.buffer as ArrayBuffer, numbers.buffer as ArrayBuffer);
  }
  return { batch: { strings, tables: packed }, transfer };
}

/** Writes flat row values into one table with prepared multi-row INSERTs. */
export class TableWriter {
  /** Rows written so far. */
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
    this.width = columns.length;
    // ~1,000 bound values a statement: few calls into SQLite, far below its variable limit.
    this.perStatement = Math.max(1, Math.floor(1_000 / this.width));
    this.params = new Array<unknown>(this.perStatement * this.width);
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

  /** Writes a packed table, decoding straight into the statements' parameters. */
  writePacked(table: PackedTable, strings: readonly string[]): void {
    const { tags, numbers } = table;
    const value = (i: number): unknown => {
      const tag = tags[i] as number;
      return tag >= 0 ? strings[tag] : tag === NUMBER_TAG ? numbers[i] : null;
    };
    this.writeWith(tags.length, value);
  }

  write(values: readonly unknown[]): void {
    this.writeWith(values.length, (i) => values[i]);
  }

  private writeWith(length: number, value: (i: number) => unknown): void {
    const rows = length / this.width;
    if (!Number.isInteger(rows)) throw new Error(`${this.table}: ${length} values is not whole rows of ${this.width}`);
    const chunk = this.perStatement * this.width;
    const params = this.params;
    const full = this.statement(this.perStatement);
    let at = 0;
    while (length - at >= chunk) {
      for (let j = 0; j < chunk; j++) params[j] = value(at + j);
      full.run(params);
      at += chunk;
    }
    if (at < length) {
      const rest = new Array<unknown>(length - at);
      for (let j = 0; j < rest.length; j++) rest[j] = value(at + j);
      this.statement(rest.length / this.width).run(rest);
    }
    this.written += rows;
  }
}

/** One writer per member table, in write order. */
export function tableWriters(sqlite: Sqlite): TableWriter[] {
  return memberTableNames.map((name) => new TableWriter(sqlite, name, MEMBER_TABLES[name]));
}
