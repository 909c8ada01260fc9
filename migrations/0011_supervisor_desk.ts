import { sql, type Kysely } from 'kysely';

/**
 * Issue 13: the supervisor's and the admin's desk.
 *
 * - `correction_requests` gains what a request must carry to be booked exactly as asked when a
 *   second supervisor approves it (B11): the lot a withholding or deletion names (`lot_id`), the
 *   invoice an unpaid-invoice reduction is for (`invoice_id`), the reason from the list and the
 *   case reference of a manual credit or debit (`reason_category`, `case_ref`), and the deciding
 *   supervisor's note. Its kinds gain `manual_credit` and `manual_debit`. SQLite cannot widen a
 *   CHECK in place, so the (small) table is rebuilt; every row is copied as it was.
 * - `stock_adjustments` (B4): every change of a bonus product's stock by hand, with its reason,
 *   who and when, and the stock after it — the product's stock history. Append-only.
 * - `earning_products` (B2): the dates a code earns from and to. A code that stops earning keeps
 *   its rows and its history; an earnings row delivered outside the dates is refused.
 * - `terms_versions` (B13): why a version marked as required by law takes effect with less than a
 *   month's notice (`legal_reason`).
 * - `audit_log`: indexes for the audit screen's filters, each ending in `id` so that a filtered
 *   page is a keyset range (newest first), not an OFFSET scan, at 10 million rows.
 */
const statements: string[] = [
  `CREATE TABLE correction_requests_0011 (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    kind TEXT NOT NULL CHECK (kind = 'withhold' OR kind = 'release' OR kind = 'correction_delete' OR kind = 'unpaid_reduction' OR kind = 'manual_credit' OR kind = 'manual_debit'),
    points INTEGER NOT NULL CHECK (points > 0),
    reason TEXT NOT NULL,
    channel TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status = 'pending' OR status = 'approved' OR status = 'rejected'),
    decided_at TEXT,
    decided_by INTEGER REFERENCES users(id),
    entry_id INTEGER REFERENCES ledger_entries(id),
    lot_id INTEGER REFERENCES point_lots(id),
    invoice_id INTEGER REFERENCES invoices(id),
    reason_category TEXT CHECK (reason_category IS NULL OR reason_category = 'goodwill' OR reason_category = 'complaint' OR reason_category = 'earlier_entry'),
    case_ref TEXT,
    decision_note TEXT,
    CHECK ((kind = 'manual_credit' OR kind = 'manual_debit') = (reason_category IS NOT NULL))
  ) STRICT`,
  `INSERT INTO correction_requests_0011 (id, member_id, kind, points, reason, channel, requested_at, requested_by, status, decided_at, decided_by, entry_id)
    SELECT id, member_id, kind, points, reason, channel, requested_at, requested_by, status, decided_at, decided_by, entry_id FROM correction_requests`,
  `DROP TABLE correction_requests`,
  `ALTER TABLE correction_requests_0011 RENAME TO correction_requests`,
  `CREATE INDEX correction_requests_pending ON correction_requests(status, id)`,
  `CREATE INDEX correction_requests_member ON correction_requests(member_id, id)`,
  `CREATE TABLE stock_adjustments (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES bonus_products(id),
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    delta INTEGER NOT NULL CHECK (delta <> 0),
    stock_after INTEGER NOT NULL CHECK (stock_after >= 0),
    reason TEXT NOT NULL CHECK (length(reason) > 0)
  ) STRICT`,
  `CREATE INDEX stock_adjustments_product ON stock_adjustments(product_id, id)`,
  `CREATE TRIGGER stock_adjustments_no_update BEFORE UPDATE ON stock_adjustments BEGIN SELECT RAISE(ABORT, 'the stock history is append-only (B4)'); END`,
  `CREATE TRIGGER stock_adjustments_no_delete BEFORE DELETE ON stock_adjustments BEGIN SELECT RAISE(ABORT, 'the stock history is append-only (B4)'); END`,
  `ALTER TABLE earning_products ADD COLUMN active_from TEXT NOT NULL DEFAULT '2000-01-01' CHECK (active_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')`,
  `ALTER TABLE earning_products ADD COLUMN active_to TEXT CHECK (active_to IS NULL OR active_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')`,
  `ALTER TABLE terms_versions ADD COLUMN legal_reason TEXT`,
  `CREATE INDEX audit_by_user ON audit_log(user_id, id)`,
  `CREATE INDEX audit_by_action ON audit_log(action, id)`,
  `CREATE INDEX audit_by_channel ON audit_log(channel, id)`,
  `CREATE INDEX audit_by_at ON audit_log(at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['audit_by_at', 'audit_by_channel', 'audit_by_action', 'audit_by_user']) await sql.raw(`DROP INDEX ${name}`).execute(db);
  await sql.raw('DROP TABLE stock_adjustments').execute(db);
  await sql.raw('ALTER TABLE terms_versions DROP COLUMN legal_reason').execute(db);
  await sql.raw('ALTER TABLE earning_products DROP COLUMN active_to').execute(db);
  await sql.raw('ALTER TABLE earning_products DROP COLUMN active_from').execute(db);
}
