import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** The Kysely view of migrations/0001_init.ts. Column names are the SQL names. */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  sign_ins: SignInsTable;
  members: MembersTable;
  membership_events: MembershipEventsTable;
  subscriptions: SubscriptionsTable;
  invoices: InvoicesTable;
  earning_products: EarningProductsTable;
  stock_adjustments: StockAdjustmentsTable;
  billing_files: BillingFilesTable;
  billing_customers: BillingCustomersTable;
  billing_conflicts: BillingConflictsTable;
  monthly_runs: MonthlyRunsTable;
  run_claims: RunClaimsTable;
  earnings_files: EarningsFilesTable;
  earnings_rows: EarningsRowsTable;
  point_lots: PointLotsTable;
  ledger_entries: LedgerEntriesTable;
  lot_allocations: LotAllocationsTable;
  bonus_products: BonusProductsTable;
  redemptions: RedemptionsTable;
  redemption_lines: RedemptionLinesTable;
  launches: LaunchesTable;
  launch_products: LaunchProductsTable;
  held_orders: HeldOrdersTable;
  member_notes: MemberNotesTable;
  service_emails: ServiceEmailsTable;
  correction_requests: CorrectionRequestsTable;
  settings: SettingsTable;
  terms_versions: TermsVersionsTable;
  audit_log: AuditLogTable;
  member_access_log: MemberAccessLogTable;
  sign_in_throttles: SignInThrottlesTable;
  contact_changes: ContactChangesTable;
}

type Id = Generated<number>;
export type Channel = 'phone' | 'email' | 'file' | 'system' | 'desk';

export interface UsersTable {
  id: Id;
  username: string;
  display_name: string;
  role: 'agent' | 'supervisor' | 'manager' | 'admin';
  password_hash: string;
  active: Generated<number>;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  created_at: string;
}
export interface SessionsTable {
  id: Id;
  token: string;
  user_id: number;
  started_at: string;
  ended_at: string | null;
  /** 0005: the last call (written at most once a minute), for the idle expiry. */
  last_seen_at: string | null;
  ended_reason: SessionEndReason | null;
  /** The caller's address, where a desk server knows one. */
  client: string | null;
  /** The role signed in with; a changed role ends the session. */
  role: UsersTable['role'] | null;
}
export type SessionEndReason = 'signed_out' | 'idle' | 'lifetime' | 'window_closed' | 'deactivated' | 'role_changed';
export interface SignInsTable {
  id: Id;
  at: string;
  username: string;
  user_id: number | null;
  outcome: 'ok' | 'bad_credentials' | 'locked' | 'inactive' | 'logout' | 'throttled';
  client: Generated<string | null>;
}
/** 0005: the growing delay after failed sign-ins, per account (`account:<username>`) and per client (`client:<address>`). */
export interface SignInThrottlesTable {
  key: string;
  kind: 'account' | 'client';
  subject: string;
  failures: number;
  first_failure_at: string;
  last_failure_at: string;
  blocked_until: string;
}
export interface MembersTable {
  id: Id;
  member_no: number;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  birth_date: string | null;
  state: Generated<'active' | 'cancelled' | 'opted_out' | 'ended'>;
  balance: Generated<number>;
  enrolled_on: string;
  cancelled_on: string | null;
  balance_at_cancellation: number | null;
  cap_applied_on: string | null;
  keep_membership_on: string | null;
  opted_out_on: string | null;
  ended_on: string | null;
  anonymised_at: string | null;
  created_at: string;
}
export interface MembershipEventsTable {
  id: Id;
  member_id: number;
  kind: 'enrolled' | 'cancelled' | 'reactivated' | 'keep_membership' | 'keep_membership_ended' | 'opted_out' | 'rejoined' | 'ended' | 'anonymised';
  on_date: string;
  at: string;
  channel: Channel;
  user_id: number | null;
  /** (0004) the user's note for codes that carry one, else the code itself (shared/reasons.ts). */
  reason: string;
  /** B6 (0003): the monthly run that booked the event; unique per (run, member, kind). Null for desk events. */
  run_id: number | null;
  /** (0004) a code from shared/reasons.ts and its parameters (a JSON object). */
  reason_code: string | null;
  reason_params: string | null;
}
export interface SubscriptionsTable {
  id: Id;
  member_id: number;
  plan: string;
  status: 'active' | 'cancelled';
  started_on: string;
  cancelled_on: string | null;
  next_delivery_on: string | null;
  /** Migration 0012 (D1): the billing side's subscription id. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface InvoicesTable {
  id: Id;
  member_id: number;
  invoice_no: string;
  amount_ore: number;
  issued_on: string;
  due_on: string;
  status: 'open' | 'paid' | 'unpaid';
  paid_on: string | null;
}
export interface EarningProductsTable {
  code: string;
  name: string;
  points_per_unit: number;
  active: Generated<number>;
  /** Migration 0011 (B2): the Oslo dates the code earns from and to (inclusive; null: no end). */
  active_from: Generated<string>;
  active_to: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface MonthlyRunsTable {
  id: Id;
  month: string;
  status: 'running' | 'done';
  started_at: string;
  finished_at: string | null;
  started_by: number | null;
  summary: string | null;
}
/** B6 (0003): who holds exclusive work (the monthly run) on this file; the key is the lock. */
export interface RunClaimsTable {
  key: string;
  month: string;
  token: string;
  pid: number;
  host: string;
  claimed_at: string;
  /** Wall-clock instant of the owner's last batch (real time, not the desk's clock). */
  heartbeat_at: string;
}
export interface EarningsFilesTable {
  id: Id;
  file_name: string;
  content_hash: string;
  imported_at: string;
  imported_by: number | null;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  rejections: string;
  /** B2 (0002): SHA-256 of the sorted canonical row keys; null for files from before 0002. */
  rows_fingerprint: string | null;
  rows_dropped: Generated<number>;
  /** B2 (0002): JSON, the supervisor's keep/drop decision per repeated line. */
  repeats: Generated<string>;
}
export interface EarningsRowsTable {
  id: Id;
  file_id: number;
  line_no: number;
  member_id: number;
  product_code: string;
  quantity: number;
  delivered_on: string;
  points: number;
  run_id: number | null;
  /** B2 (0002): member number|product code|delivery date|quantity. */
  row_key: string | null;
  kept_repeat: Generated<number>;
}
export interface PointLotsTable {
  id: Id;
  member_id: number;
  earned_on: string;
  expires_on: string;
  amount: number;
  remaining: number;
  withheld: Generated<number>;
  entry_id: number;
}
export type LedgerKindColumn =
  | 'earn'
  | 'spend'
  | 'spend_reversal'
  | 'expire'
  | 'cap'
  | 'delete_after_cancel'
  | 'forfeit'
  | 'withhold'
  | 'release'
  | 'correction_delete'
  | 'unpaid_reduction'
  | 'correction_add'
  | 'reversal';
export interface LedgerEntriesTable {
  id: Id;
  member_id: number;
  kind: LedgerKindColumn;
  amount: number;
  occurred_at: string;
  effective_on: string;
  channel: Channel;
  reason: string;
  user_id: number | null;
  run_id: number | null;
  reverses_entry_id: number | null;
  redemption_id: number | null;
  earnings_row_id: number | null;
  approved_by: number | null;
  /** (0004) a code from shared/reasons.ts and its parameters (a JSON object); `reason` holds the user's note or the code. */
  reason_code: string | null;
  reason_params: string | null;
}
export interface LotAllocationsTable {
  entry_id: number;
  lot_id: number;
  amount: number;
}
export interface BonusProductsTable {
  id: Id;
  sku: string;
  name: string;
  description: Generated<string>;
  points_price: number;
  stock: number;
  state: 'available' | 'sold_out' | 'discontinued';
  created_at: string;
  updated_at: string;
}
export interface RedemptionsTable {
  id: Id;
  member_id: number;
  idempotency_key: string;
  status: 'registered' | 'shipped' | 'cancelled';
  channel: 'phone' | 'email';
  total_points: number;
  delivery: 'next_delivery' | 'separate';
  delivery_on: string | null;
  postage_ore: Generated<number>;
  identity_checks: string;
  email_from: string | null;
  email_received_at: string | null;
  email_subject: string | null;
  created_at: string;
  created_by: number | null;
  shipped_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  held_order_id: number | null;
}
export interface RedemptionLinesTable {
  id: Id;
  redemption_id: number;
  product_id: number;
  quantity: number;
  points_each: number;
}
export interface LaunchesTable {
  id: Id;
  launch_on: string;
  name: string;
  scope: Generated<'launch_products' | 'all_orders'>;
  status: Generated<'planned' | 'cancelled'>;
  cancel_reason: string | null;
  created_at: string;
  created_by: number | null;
}
export interface LaunchProductsTable {
  launch_id: number;
  product_id: number;
}
export interface HeldOrdersTable {
  id: Id;
  member_id: number;
  launch_id: number | null;
  received_at: string;
  email_from: string;
  email_subject: Generated<string>;
  lines: string;
  delivery: Generated<'next_delivery' | 'separate'>;
  status: 'held' | 'booked' | 'failed' | 'withdrawn';
  outcome: string | null;
  created_at: string;
  created_by: number | null;
  resolved_at: string | null;
}
export interface MemberNotesTable {
  id: Id;
  member_id: number;
  body: string;
  created_at: string;
  created_by: number;
}
export interface ServiceEmailsTable {
  id: Id;
  member_id: number;
  kind: 'membership_ending';
  due_on: string;
  ends_on: string;
  run_id: number | null;
  subject: string;
  body: string;
  sent_at: string | null;
  sent_by: number | null;
}
export interface CorrectionRequestsTable {
  id: Id;
  member_id: number;
  kind: 'withhold' | 'release' | 'correction_delete' | 'unpaid_reduction' | 'manual_credit' | 'manual_debit';
  points: number;
  reason: string;
  channel: string;
  requested_at: string;
  requested_by: number;
  status: 'pending' | 'approved' | 'rejected';
  decided_at: string | null;
  decided_by: number | null;
  entry_id: number | null;
  /** Migration 0011 (issue 13): what the request names, so approval books exactly what was asked. */
  lot_id: ColumnType<number | null, number | null | undefined, number | null>;
  invoice_id: ColumnType<number | null, number | null | undefined, number | null>;
  reason_category: ColumnType<'goodwill' | 'complaint' | 'earlier_entry' | null, 'goodwill' | 'complaint' | 'earlier_entry' | null | undefined, never>;
  case_ref: ColumnType<string | null, string | null | undefined, never>;
  decision_note: ColumnType<string | null, string | null | undefined, string | null>;
}
/** Migration 0011 (B4): the stock history of a bonus product; append-only. */
export interface StockAdjustmentsTable {
  id: Id;
  product_id: number;
  at: string;
  user_id: number | null;
  delta: number;
  stock_after: number;
  reason: string;
}
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}
export interface TermsVersionsTable {
  id: Id;
  title: string;
  body: string;
  published_on: string;
  effective_on: string;
  legally_required: Generated<number>;
  created_at: string;
  created_by: number | null;
  /** Migration 0011 (B13): why a version required by law takes effect sooner than a month. */
  legal_reason: ColumnType<string | null, string | null | undefined, never>;
}
export interface AuditLogTable {
  id: Id;
  at: string;
  user_id: number | null;
  action: string;
  channel: string;
  member_id: number | null;
  reason: string | null;
  details: string | null;
  /** 0005: SHA-256 over the previous row's hash and this row (audit-chain.ts). */
  hash: string;
}
export interface MemberAccessLogTable {
  id: Id;
  at: string;
  user_id: number;
  /** Null for a search (its member ids are in `details`). */
  member_id: number | null;
  action: string;
  /** JSON: a search's query and the member ids it returned; what an export held. */
  details: string | null;
  hash: string;
}

/** 0009, D3: one changed field of an agent's contact-detail correction (erasure blanks the values, B14). */
export interface ContactChangesTable {
  id: Id;
  member_id: number;
  audit_id: number;
  changed_at: string;
  user_id: number;
  field: 'address' | 'postcode' | 'city' | 'email' | 'phone';
  before: string | null;
  after: string | null;
  channel: 'phone' | 'email' | 'desk';
  anonymised_at: string | null;
}

export type MemberRow = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;
export type LotRow = Selectable<PointLotsTable>;
export type LedgerRow = Selectable<LedgerEntriesTable>;
export type UserRow = Selectable<UsersTable>;

/** Migration 0012 (issue 14, D1–D3): a billing file applied or being applied. */
export interface BillingFilesTable {
  id: Id;
  kind: 'customers' | 'subscriptions' | 'invoices';
  file_name: string;
  content_hash: string;
  started_at: string;
  finished_at: string | null;
  imported_by: number | null;
  status: 'applying' | 'done' | 'cancelled';
  rows_total: number;
  applied_through: Generated<number>;
  rows_applied: Generated<number>;
  rows_skipped: Generated<number>;
  rows_rejected: Generated<number>;
  counts: Generated<string>;
  rejections: Generated<string>;
}
/** Migration 0012: the billing side's customer record by member number (B1: not a member before the first subscription). */
export interface BillingCustomersTable {
  member_no: number;
  first_name: string;
  last_name: string;
  address: string | null;
  postcode: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  file_id: number;
  line_no: number;
}
/** Migration 0012 (D3): a contact detail billing would change where an agent changed it later. */
export interface BillingConflictsTable {
  id: Id;
  member_id: number;
  field: 'address' | 'postcode' | 'city' | 'email' | 'phone';
  billing_value: string | null;
  desk_value: string | null;
  contact_change_id: number;
  file_id: number;
  line_no: number;
  found_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
  resolution: 'kept_desk' | 'took_billing' | null;
}
