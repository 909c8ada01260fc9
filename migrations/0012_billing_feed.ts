import { sql, type Kysely } from 'kysely';

/**
 * Issue 14, D1–D3: the billing feed — customers, subscriptions and invoices as files.
 *
 * - `billing_files`: every file applied (or being applied): its kind, name, content hash (a file
 *   whose rows were all applied is refused by its hash), who and when, its counts, the bad lines
 *   with their line numbers and reasons (JSON), and `applied_through`, the last line whose batch
 *   committed — the marker a killed apply resumes from (each batch is one transaction with the
 *   marker, so a row is never half applied). `status` is 'applying' until the last batch.
 * - `billing_customers`: the billing side's customer record by member number, as the last file
 *   gave it. A customer whose first subscription has not started is not a member yet (B1); the
 *   subscriptions file enrols them from here. For a member it is what billing last said (the
 *   comparison base for D3's conflicts).
 * - `subscriptions.external_id`: the billing side's subscription id (unique where given), so a
 *   row of the subscriptions file finds its subscription again.
 * - `billing_conflicts` (D3): a contact detail the file would change where an agent changed it
 *   later on a call — both values kept, listed until resolved.
 */
const statements: string[] = [
  `CREATE TABLE billing_files (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind = 'customers' OR kind = 'subscriptions' OR kind = 'invoices'),
    file_name TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    imported_by INTEGER REFERENCES users(id),
    status TEXT NOT NULL CHECK (status = 'applying' OR status = 'done' OR status = 'cancelled'),
    rows_total INTEGER NOT NULL CHECK (rows_total >= 0),
    applied_through INTEGER NOT NULL DEFAULT 0 CHECK (applied_through >= 0),
    rows_applied INTEGER NOT NULL DEFAULT 0 CHECK (rows_applied >= 0),
    rows_skipped INTEGER NOT NULL DEFAULT 0 CHECK (rows_skipped >= 0),
    rows_rejected INTEGER NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0),
    counts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(counts)),
    rejections TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rejections))
  ) STRICT`,
  `CREATE UNIQUE INDEX billing_files_done_hash ON billing_files(kind, content_hash) WHERE status = 'done'`,
  `CREATE TABLE billing_customers (
    member_no INTEGER PRIMARY KEY CHECK (member_no > 0),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    address TEXT,
    postcode TEXT,
    city TEXT,
    email TEXT,
    phone TEXT,
    birth_date TEXT,
    file_id INTEGER NOT NULL REFERENCES billing_files(id),
    line_no INTEGER NOT NULL CHECK (line_no > 0)
  ) STRICT`,
  `ALTER TABLE subscriptions ADD COLUMN external_id TEXT`,
  `CREATE UNIQUE INDEX subscriptions_external ON subscriptions(external_id) WHERE external_id IS NOT NULL`,
  `CREATE TABLE billing_conflicts (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    field TEXT NOT NULL CHECK (field = 'address' OR field = 'postcode' OR field = 'city' OR field = 'email' OR field = 'phone'),
    billing_value TEXT,
    desk_value TEXT,
    contact_change_id INTEGER NOT NULL REFERENCES contact_changes(id),
    file_id INTEGER NOT NULL REFERENCES billing_files(id),
    line_no INTEGER NOT NULL CHECK (line_no > 0),
    found_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by INTEGER REFERENCES users(id),
    resolution TEXT CHECK (resolution IS NULL OR resolution = 'kept_desk' OR resolution = 'took_billing')
  ) STRICT`,
  `CREATE INDEX billing_conflicts_open ON billing_conflicts(resolved_at, id)`,
  `CREATE INDEX billing_conflicts_member ON billing_conflicts(member_id, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE billing_conflicts').execute(db);
  await sql.raw('DROP INDEX subscriptions_external').execute(db);
  await sql.raw('ALTER TABLE subscriptions DROP COLUMN external_id').execute(db);
  await sql.raw('DROP TABLE billing_customers').execute(db);
  await sql.raw('DROP TABLE billing_files').execute(db);
}
