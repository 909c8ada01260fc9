import type { BulkRows } from '../../db/store.js';

/**
 * The seeder's rows on their way to the store's bulk loader (Store.bulk, main/db/sqlite-bulk.ts):
 * per member table its columns, buffers the generator pushes into, and a packed form for crossing
 * from the generating thread to the writing one.
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

/** A plain table's values as the store's bulk rows. */
export function plainRows(values: readonly unknown[]): BulkRows {
  return { length: values.length, value: (i) => values[i] };
}

/** A packed table's values as the store's bulk rows, decoded as they are read. */
export function packedRows(table: PackedTable | undefined, strings: readonly string[]): BulkRows {
  if (table === undefined) return { length: 0, value: () => null };
  const { tags, numbers } = table;
  return {
    length: tags.length,
    value: (i) => {
      const tag = tags[i] as number;
      return tag >= 0 ? strings[tag] : tag === NUMBER_TAG ? numbers[i] : null;
    },
  };
}
