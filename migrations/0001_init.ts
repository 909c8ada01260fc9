import { sql, type Kysely } from 'kysely';

/**
 * The whole domain of SPEC.md in one schema, so later work adds behaviour, not tables.
 * Frozen: never edit after it lands; a change is a new migration.
 *
 * Conventions: instants are UTC ISO-8601 text (`..._at`), rule days are Europe/Oslo calendar
 * dates (`..._on`, YYYY-MM-DD); points are integers, money is integer øre. Every table is
 * STRICT, so a wrong type is an error instead of a silent conversion.
 */
const statements: string[] = [
  `CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent','supervisor','manager','admin')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until TEXT,
    created_at TEXT NOT NULL
  ) STRICT`,
  `CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    started_at TEXT NOT NULL,
    ended_at TEXT
  ) STRICT`,
  `CREATE TABLE sign_ins (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('ok','bad_credentials','locked','inactive','logout'))
  ) STRICT`,
  `CREATE INDEX sign_ins_user ON sign_ins(user_id, at)`,

  `CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    member_no INTEGER NOT NULL UNIQUE CHECK (member_no > 0),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    address TEXT,
    postcode TEXT CHECK (postcode IS NULL OR (length(postcode) = 4 AND postcode NOT GLOB '*[^0-9]*')),
    city TEXT,
    birth_date TEXT,
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','cancelled','opted_out','ended')),
    balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
    enrolled_on TEXT NOT NULL,
    cancelled_on TEXT,
    balance_at_cancellation INTEGER CHECK (balance_at_cancellation IS NULL OR balance_at_cancellation >= 0),
    cap_applied_on TEXT,
    keep_membership_on TEXT,
    opted_out_on TEXT,
    ended_on TEXT,
    anonymised_at TEXT,
    created_at TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX members_phone ON members(phone) WHERE phone IS NOT NULL`,
  // Emails are stored lower-case (the services normalise them), so a plain index serves lookups.
  `CREATE INDEX members_email ON members(email) WHERE email IS NOT NULL`,
  `CREATE INDEX members_state_cancelled ON members(state, cancelled_on) WHERE state = 'cancelled'`,
  // Name search: FTS5 with prefix indexes (2 and 3 characters) so as-you-type prefixes stay
  // index lookups; unicode61 folds case for æøå. A second column holds the names folded to
  // ASCII (ø→o, æ→ae, å→a), because agents type "bjorn" for Bjørn and no tokenizer folds ø.
  // LIKE '%…%' scans the table (55–80 ms at 1M members) and trigram matches inside words.
  `CREATE VIRTUAL TABLE member_names USING fts5(
    name, folded, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  )`,
  `CREATE TRIGGER members_names_ai AFTER INSERT ON members BEGIN
    INSERT INTO member_names(rowid, name, folded) VALUES (new.id, new.first_name || ' ' || new.last_name,
      replace(replace(replace(replace(replace(replace(new.first_name || ' ' || new.last_name,
        'ø','o'),'Ø','O'),'æ','ae'),'Æ','Ae'),'å','a'),'Å','A'));
  END`,
  `CREATE TRIGGER members_names_au AFTER UPDATE OF first_name, last_name ON members BEGIN
    DELETE FROM member_names WHERE rowid = old.id;
    INSERT INTO member_names(rowid, name, folded) VALUES (new.id, new.first_name || ' ' || new.last_name,
      replace(replace(replace(replace(replace(replace(new.first_name || ' ' || new.last_name,
        'ø','o'),'Ø','O'),'æ','ae'),'Æ','Ae'),'å','a'),'Å','A'));
  END`,

  `CREATE TABLE membership_events (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    kind TEXT NOT NULL CHECK (kind IN ('enrolled','cancelled','reactivated','keep_membership','keep_membership_ended','opted_out','rejoined','ended','anonymised')),
    on_date TEXT NOT NULL,
    at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('phone','email','file','system','desk')),
    user_id INTEGER REFERENCES users(id),
    reason TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX membership_events_member ON membership_events(member_id, id)`,

  `CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    plan TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active','cancelled')),
    started_on TEXT NOT NULL,
    cancelled_on TEXT,
    next_delivery_on TEXT,
    CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL))
  ) STRICT`,
  `CREATE INDEX subscriptions_member ON subscriptions(member_id)`,

  `CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    invoice_no TEXT NOT NULL UNIQUE,
    amount_ore INTEGER NOT NULL CHECK (amount_ore >= 0),
    issued_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','paid','unpaid')),
    paid_on TEXT
  ) STRICT`,
  `CREATE INDEX invoices_member ON invoices(member_id, status)`,

  // B2: the earning table (product → points per unit), kept by supervisors.
  `CREATE TABLE earning_products (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    points_per_unit INTEGER NOT NULL CHECK (points_per_unit > 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
  ) STRICT`,

  `CREATE TABLE monthly_runs (
    id INTEGER PRIMARY KEY,
    month TEXT NOT NULL UNIQUE CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    status TEXT NOT NULL CHECK (status IN ('running','done')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    started_by INTEGER REFERENCES users(id),
    summary TEXT
  ) STRICT`,

  // B2: an imported file, once per content hash; its rows wait for the monthly run.
  `CREATE TABLE earnings_files (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    imported_by INTEGER REFERENCES users(id),
    rows_total INTEGER NOT NULL CHECK (rows_total >= 0),
    rows_accepted INTEGER NOT NULL CHECK (rows_accepted >= 0),
    rows_rejected INTEGER NOT NULL CHECK (rows_rejected >= 0),
    rejections TEXT NOT NULL
  ) STRICT`,
  `CREATE TABLE earnings_rows (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES earnings_files(id),
    line_no INTEGER NOT NULL CHECK (line_no > 0),
    member_id INTEGER NOT NULL REFERENCES members(id),
    product_code TEXT NOT NULL REFERENCES earning_products(code),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    delivered_on TEXT NOT NULL,
    points INTEGER NOT NULL CHECK (points > 0),
    run_id INTEGER REFERENCES monthly_runs(id),
    UNIQUE (file_id, line_no)
  ) STRICT`,
  `CREATE INDEX earnings_rows_unbooked ON earnings_rows(delivered_on) WHERE run_id IS NULL`,

  // B5/B12a: points live in lots; remaining + withheld never exceed the amount.
  `CREATE TABLE point_lots (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    earned_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    remaining INTEGER NOT NULL CHECK (remaining >= 0),
    withheld INTEGER NOT NULL DEFAULT 0 CHECK (withheld >= 0),
    entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
    CHECK (remaining + withheld <= amount)
  ) STRICT`,
  `CREATE INDEX point_lots_member ON point_lots(member_id, earned_on, id)`,
  `CREATE INDEX point_lots_live_expiry ON point_lots(expires_on) WHERE remaining > 0`,

  // B12a: the append-only ledger. Corrections are new rows pointing at what they reverse.
  `CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    kind TEXT NOT NULL CHECK (kind IN ('earn','spend','spend_reversal','expire','cap','delete_after_cancel','forfeit','withhold','release','correction_delete','unpaid_reduction','correction_add','reversal')),
    amount INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('phone','email','file','system','desk')),
    reason TEXT NOT NULL CHECK (length(reason) > 0),
    user_id INTEGER REFERENCES users(id),
    run_id INTEGER REFERENCES monthly_runs(id),
    reverses_entry_id INTEGER REFERENCES ledger_entries(id),
    redemption_id INTEGER REFERENCES redemptions(id),
    earnings_row_id INTEGER REFERENCES earnings_rows(id),
    approved_by INTEGER REFERENCES users(id),
    CHECK (user_id IS NOT NULL OR run_id IS NOT NULL OR channel IN ('system','file')),
    CHECK (kind NOT IN ('earn','correction_add','release','spend_reversal') OR amount > 0),
    CHECK (kind NOT IN ('spend','expire','cap','delete_after_cancel','forfeit','withhold','correction_delete','unpaid_reduction') OR amount < 0)
  ) STRICT`,
  `CREATE INDEX ledger_member ON ledger_entries(member_id, id)`,
  // A monthly run books each kind at most once per member: this makes a resumed run safe.
  `CREATE UNIQUE INDEX ledger_run_once ON ledger_entries(run_id, member_id, kind) WHERE run_id IS NOT NULL AND kind <> 'earn'`,
  `CREATE UNIQUE INDEX ledger_earning_once ON ledger_entries(earnings_row_id) WHERE earnings_row_id IS NOT NULL`,
  `CREATE UNIQUE INDEX ledger_reversed_once ON ledger_entries(reverses_entry_id) WHERE reverses_entry_id IS NOT NULL`,
  `CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only (B12a)');
  END`,
  `CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only (B12a)');
  END`,

  // B7a: which lots each entry drew from (or gave back to), so a cancel restores the very lots.
  `CREATE TABLE lot_allocations (
    entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
    lot_id INTEGER NOT NULL REFERENCES point_lots(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (entry_id, lot_id)
  ) STRICT, WITHOUT ROWID`,
  `CREATE INDEX lot_allocations_lot ON lot_allocations(lot_id)`,

  `CREATE TABLE bonus_products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    points_price INTEGER NOT NULL CHECK (points_price > 0),
    stock INTEGER NOT NULL CHECK (stock >= 0),
    state TEXT NOT NULL CHECK (state IN ('available','sold_out','discontinued')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`,

  `CREATE TABLE redemptions (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    idempotency_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('registered','shipped','cancelled')),
    channel TEXT NOT NULL CHECK (channel IN ('phone','email')),
    total_points INTEGER NOT NULL CHECK (total_points > 0),
    delivery TEXT NOT NULL CHECK (delivery IN ('next_delivery','separate')),
    delivery_on TEXT,
    postage_ore INTEGER NOT NULL DEFAULT 0 CHECK (postage_ore >= 0),
    identity_checks TEXT NOT NULL,
    email_from TEXT,
    email_received_at TEXT,
    email_subject TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    shipped_at TEXT,
    cancelled_at TEXT,
    cancel_reason TEXT,
    held_order_id INTEGER REFERENCES held_orders(id)
  ) STRICT`,
  `CREATE INDEX redemptions_member ON redemptions(member_id, id)`,
  `CREATE INDEX redemptions_status ON redemptions(status, id)`,
  `CREATE TABLE redemption_lines (
    id INTEGER PRIMARY KEY,
    redemption_id INTEGER NOT NULL REFERENCES redemptions(id),
    product_id INTEGER NOT NULL REFERENCES bonus_products(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    points_each INTEGER NOT NULL CHECK (points_each > 0)
  ) STRICT`,
  `CREATE INDEX redemption_lines_redemption ON redemption_lines(redemption_id)`,

  `CREATE TABLE launches (
    id INTEGER PRIMARY KEY,
    launch_on TEXT NOT NULL,
    name TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT 'launch_products' CHECK (scope IN ('launch_products','all_orders')),
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','cancelled')),
    cancel_reason TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
  ) STRICT`,
  `CREATE INDEX launches_day ON launches(launch_on)`,
  `CREATE TABLE launch_products (
    launch_id INTEGER NOT NULL REFERENCES launches(id),
    product_id INTEGER NOT NULL REFERENCES bonus_products(id),
    PRIMARY KEY (launch_id, product_id)
  ) STRICT, WITHOUT ROWID`,
  `CREATE INDEX launch_products_product ON launch_products(product_id)`,

  // L3: email orders that arrived before 10:00 wait here, booked oldest first.
  `CREATE TABLE held_orders (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    launch_id INTEGER REFERENCES launches(id),
    received_at TEXT NOT NULL,
    email_from TEXT NOT NULL,
    email_subject TEXT NOT NULL DEFAULT '',
    lines TEXT NOT NULL,
    delivery TEXT NOT NULL DEFAULT 'next_delivery' CHECK (delivery IN ('next_delivery','separate')),
    status TEXT NOT NULL CHECK (status IN ('held','booked','failed','withdrawn')),
    outcome TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    resolved_at TEXT
  ) STRICT`,
  `CREATE INDEX held_orders_queue ON held_orders(status, received_at)`,

  `CREATE TABLE member_notes (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    body TEXT NOT NULL CHECK (length(body) > 0),
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id)
  ) STRICT`,
  `CREATE INDEX member_notes_member ON member_notes(member_id, id)`,

  // B12: service emails due before membership ends; sent_at records when it went out.
  `CREATE TABLE service_emails (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    kind TEXT NOT NULL CHECK (kind IN ('membership_ending')),
    due_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    run_id INTEGER REFERENCES monthly_runs(id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TEXT,
    sent_by INTEGER REFERENCES users(id),
    UNIQUE (member_id, kind, ends_on)
  ) STRICT`,

  // B11: corrections above the threshold wait for a second supervisor.
  `CREATE TABLE correction_requests (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    kind TEXT NOT NULL CHECK (kind IN ('withhold','release','correction_delete','unpaid_reduction')),
    points INTEGER NOT NULL CHECK (points > 0),
    reason TEXT NOT NULL,
    channel TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
    decided_at TEXT,
    decided_by INTEGER REFERENCES users(id),
    entry_id INTEGER REFERENCES ledger_entries(id)
  ) STRICT`,

  `CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id)
  ) STRICT`,

  // B13: dated versions of the terms.
  `CREATE TABLE terms_versions (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_on TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    legally_required INTEGER NOT NULL DEFAULT 0 CHECK (legally_required IN (0,1)),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    CHECK (effective_on >= published_on)
  ) STRICT`,

  `CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    channel TEXT NOT NULL,
    member_id INTEGER REFERENCES members(id),
    reason TEXT,
    details TEXT
  ) STRICT`,
  `CREATE INDEX audit_member ON audit_log(member_id, id) WHERE member_id IS NOT NULL`,
  // B14: who looked at which member, when.
  `CREATE TABLE member_access_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    action TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX member_access_member ON member_access_log(member_id, id)`,
];

/**
 * `x IN ('a','b',…)` in a CHECK makes SQLite build a temporary index for the list on every row
 * it checks (~1.5 µs per list per row, measured); the same test as `x = 'a' OR x = 'b' …` costs
 * almost nothing. The statements above keep the readable IN form; this writes it out as ORs.
 */
export function expandInLists(statement: string): string {
  return statement.replace(/(\w+) (NOT )?IN \(([^()]*)\)/g, (all: string, column: string, not: string | undefined, list: string) => {
    // Only lists of literals; anything else (a subquery) is left as written.
    if (!/^\s*('[^']*'|\d+)(\s*,\s*('[^']*'|\d+))*\s*$/.test(list)) return all;
    const ors = list
      .split(',')
      .map((value) => `${column} = ${value.trim()}`)
      .join(' OR ');
    return not === undefined ? `(${ors})` : `NOT (${ors})`;
  });
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(expandInLists(statement)).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('0001_init cannot be undone; restore the backup taken before migrating');
}
