import type { Database } from '../db/schema.js';

/**
 * The desk's transfer format, version 1 (issue 14, B15 "the program out and in"; described field by
 * field in docs/transfer.md). One JSON Lines file per table, `<table>.jsonl`: one JSON object per
 * row, its keys the table's SQL column names in the order below, its values JSON integers, strings
 * or null exactly as stored (JSON held in a text column, such as an audit row's `details`, stays
 * the text it is, so the audit chain's hashes still follow from it). Rows in key order. Beside the
 * files, `manifest.json` names the format, its version, the schema the desk had, when it was
 * exported, and per file its table, rows, bytes and SHA-256.
 *
 * The tables are listed in the order an import writes them: every row a foreign key points to is
 * written before the row that points to it.
 *
 * A migration that adds a column or a table must decide what the format does with it (the test
 * main/cli/transfer.test.ts compares this list with the migrated schema, and docs/transfer.md
 * with this list): a new field or table is a new format version.
 */
export const TRANSFER_FORMAT = 'bonus-desk-transfer';
export const TRANSFER_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/**
 * What an imported user's `password_hash` holds: password hashes are never exported, and this is
 * no scrypt hash (it does not start with `scrypt$`), so no password verifies against it
 * (services/passwords.ts) and sign-in answers `bad_credentials` until an admin sets a password.
 */
export const NO_PASSWORD_MARKER = '!no-password:imported';

export type FieldType = 'integer' | 'text';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly nullable: boolean;
}

export interface TableSpec {
  readonly table: keyof Database & string;
  readonly file: string;
  /** The key rows are written in, and read from the source in pages of (keyset). */
  readonly key: readonly string[];
  readonly fields: readonly FieldSpec[];
}

/** `column:int`, `column:text`, and with `?` when the column may be null. */
type Column<T extends keyof Database> = `${keyof Database[T] & string}:${'int' | 'text'}${'' | '?'}`;

function table<T extends keyof Database & string>(name: T, key: readonly (keyof Database[T] & string)[], columns: readonly Column<T>[]): TableSpec {
  const fields = columns.map((c): FieldSpec => {
    const [field = '', kind = ''] = c.split(':');
    return { name: field, type: kind.startsWith('int') ? 'integer' : 'text', nullable: kind.endsWith('?') };
  });
  return { table: name, file: `${name}.jsonl`, key, fields };
}

export const TRANSFER_TABLES: readonly TableSpec[] = [
  // users: everything but password_hash (never exported; an import writes NO_PASSWORD_MARKER).
  table('users', ['id'], ['id:int', 'username:text', 'display_name:text', 'role:text', 'active:int', 'failed_attempts:int', 'locked_until:text?', 'created_at:text']),
  table('settings', ['key'], ['key:text', 'value:text', 'updated_at:text', 'updated_by:int?']),
  table('terms_versions', ['id'], [
    'id:int', 'title:text', 'body:text', 'published_on:text', 'effective_on:text', 'legally_required:int', 'created_at:text', 'created_by:int?', 'legal_reason:text?',
  ]),
  table('earning_products', ['code'], ['code:text', 'name:text', 'points_per_unit:int', 'active:int', 'active_from:text', 'active_to:text?']),
  table('bonus_products', ['id'], ['id:int', 'sku:text', 'name:text', 'description:text', 'points_price:int', 'stock:int', 'state:text', 'created_at:text', 'updated_at:text']),
  table('stock_adjustments', ['id'], ['id:int', 'product_id:int', 'at:text', 'user_id:int?', 'delta:int', 'stock_after:int', 'reason:text']),
  table('launches', ['id'], ['id:int', 'launch_on:text', 'name:text', 'scope:text', 'status:text', 'cancel_reason:text?', 'created_at:text', 'created_by:int?']),
  table('launch_products', ['launch_id', 'product_id'], ['launch_id:int', 'product_id:int']),
  // D1 (migration 0012): the billing files applied, and billing's customers before their first subscription.
  table('billing_files', ['id'], [
    'id:int', 'kind:text', 'file_name:text', 'content_hash:text', 'started_at:text', 'finished_at:text?', 'imported_by:int?', 'status:text', 'rows_total:int',
    'applied_through:int', 'rows_applied:int', 'rows_skipped:int', 'rows_rejected:int', 'counts:text', 'rejections:text',
  ]),
  table('billing_customers', ['member_no'], [
    'member_no:int', 'first_name:text', 'last_name:text', 'address:text?', 'postcode:text?', 'city:text?', 'email:text?', 'phone:text?', 'birth_date:text?', 'file_id:int', 'line_no:int',
  ]),
  table('monthly_runs', ['id'], ['id:int', 'month:text', 'status:text', 'started_at:text', 'finished_at:text?', 'started_by:int?', 'summary:text?']),
  table('members', ['id'], [
    'id:int', 'member_no:int', 'first_name:text', 'last_name:text', 'email:text?', 'phone:text?', 'address:text?', 'postcode:text?', 'city:text?', 'birth_date:text?',
    'state:text', 'balance:int', 'enrolled_on:text', 'cancelled_on:text?', 'balance_at_cancellation:int?', 'cap_applied_on:text?', 'keep_membership_on:text?',
    'opted_out_on:text?', 'ended_on:text?', 'anonymised_at:text?', 'created_at:text',
  ]),
  table('membership_events', ['id'], [
    'id:int', 'member_id:int', 'kind:text', 'on_date:text', 'at:text', 'channel:text', 'user_id:int?', 'reason:text', 'run_id:int?', 'reason_code:text?', 'reason_params:text?',
  ]),
  table('subscriptions', ['id'], ['id:int', 'member_id:int', 'plan:text', 'status:text', 'started_on:text', 'cancelled_on:text?', 'next_delivery_on:text?', 'external_id:text?']),
  table('invoices', ['id'], ['id:int', 'member_id:int', 'invoice_no:text', 'amount_ore:int', 'issued_on:text', 'due_on:text', 'status:text', 'paid_on:text?']),
  table('member_notes', ['id'], ['id:int', 'member_id:int', 'body:text', 'created_at:text', 'created_by:int']),
  // B14: both logs with their hashes, as they are (the chain stays the one that was exported).
  table('audit_log', ['id'], ['id:int', 'at:text', 'user_id:int?', 'action:text', 'channel:text', 'member_id:int?', 'reason:text?', 'details:text?', 'hash:text']),
  table('member_access_log', ['id'], ['id:int', 'at:text', 'user_id:int', 'member_id:int?', 'action:text', 'details:text?', 'hash:text']),
  table('contact_changes', ['id'], [
    'id:int', 'member_id:int', 'audit_id:int', 'changed_at:text', 'user_id:int', 'field:text', 'before:text?', 'after:text?', 'channel:text', 'anonymised_at:text?',
  ]),
  table('billing_conflicts', ['id'], [
    'id:int', 'member_id:int', 'field:text', 'billing_value:text?', 'desk_value:text?', 'contact_change_id:int', 'file_id:int', 'line_no:int', 'found_at:text',
    'resolved_at:text?', 'resolved_by:int?', 'resolution:text?',
  ]),
  table('sign_ins', ['id'], ['id:int', 'at:text', 'username:text', 'user_id:int?', 'outcome:text', 'client:text?']),
  table('earnings_files', ['id'], [
    'id:int', 'file_name:text', 'content_hash:text', 'imported_at:text', 'imported_by:int?', 'rows_total:int', 'rows_accepted:int', 'rows_rejected:int', 'rejections:text',
    'rows_fingerprint:text?', 'rows_dropped:int', 'repeats:text',
  ]),
  table('earnings_rows', ['id'], [
    'id:int', 'file_id:int', 'line_no:int', 'member_id:int', 'product_code:text', 'quantity:int', 'delivered_on:text', 'points:int', 'run_id:int?', 'row_key:text?', 'kept_repeat:int',
  ]),
  table('held_orders', ['id'], [
    'id:int', 'member_id:int', 'launch_id:int?', 'received_at:text', 'email_from:text', 'email_subject:text', 'lines:text', 'delivery:text', 'status:text', 'outcome:text?',
    'created_at:text', 'created_by:int?', 'resolved_at:text?',
  ]),
  table('redemptions', ['id'], [
    'id:int', 'member_id:int', 'idempotency_key:text', 'status:text', 'channel:text', 'total_points:int', 'delivery:text', 'delivery_on:text?', 'postage_ore:int',
    'identity_checks:text', 'email_from:text?', 'email_received_at:text?', 'email_subject:text?', 'created_at:text', 'created_by:int?', 'shipped_at:text?', 'cancelled_at:text?',
    'cancel_reason:text?', 'held_order_id:int?',
  ]),
  table('redemption_lines', ['id'], ['id:int', 'redemption_id:int', 'product_id:int', 'quantity:int', 'points_each:int']),
  table('ledger_entries', ['id'], [
    'id:int', 'member_id:int', 'kind:text', 'amount:int', 'occurred_at:text', 'effective_on:text', 'channel:text', 'reason:text', 'user_id:int?', 'run_id:int?',
    'reverses_entry_id:int?', 'redemption_id:int?', 'earnings_row_id:int?', 'approved_by:int?', 'reason_code:text?', 'reason_params:text?',
  ]),
  table('point_lots', ['id'], ['id:int', 'member_id:int', 'earned_on:text', 'expires_on:text', 'amount:int', 'remaining:int', 'withheld:int', 'entry_id:int']),
  table('lot_allocations', ['entry_id', 'lot_id'], ['entry_id:int', 'lot_id:int', 'amount:int']),
  table('correction_requests', ['id'], [
    'id:int', 'member_id:int', 'kind:text', 'points:int', 'reason:text', 'channel:text', 'requested_at:text', 'requested_by:int', 'status:text', 'decided_at:text?',
    'decided_by:int?', 'entry_id:int?', 'lot_id:int?', 'invoice_id:int?', 'reason_category:text?', 'case_ref:text?', 'decision_note:text?',
  ]),
  table('service_emails', ['id'], ['id:int', 'member_id:int', 'kind:text', 'due_on:text', 'ends_on:text', 'run_id:int?', 'subject:text', 'body:text', 'sent_at:text?', 'sent_by:int?']),
];

/**
 * What is not exported, and why (docs/transfer.md, "What is not exported"). A table of the schema
 * that is neither here nor in TRANSFER_TABLES fails the format test.
 */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  sessions: 'live sign-ins and their tokens: a token is a secret, and nobody is signed in to a desk that was just built',
  sign_in_throttles: 'the delay after failed sign-ins is short-lived state (forgotten after a day); the attempts themselves are in sign_ins',
  run_claims: 'which process on which host holds the monthly run: a lock of the old desk, meaningless on another',
  member_names: 'the name search index, built from members by its trigger as each member is written',
  'users.password_hash': 'password hashes never leave the desk; imported users must be given a password',
};

/** One file of an export, as the manifest lists it. */
export interface ManifestFile {
  file: string;
  table: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof TRANSFER_FORMAT;
  format_version: number;
  /** The newest migration of the desk that was exported (migrations/index.ts). */
  schema_version: string;
  exported_at: string;
  files: ManifestFile[];
}
