import { sql, type Kysely } from 'kysely';

/**
 * B2: "never booked twice" means the rows, not the bytes.
 *
 * - `earnings_rows.row_key` is a booked row's canonical key (member number, product code,
 *   delivery date, quantity: `910001|OMEGA3|2026-10-03|2`), indexed, so a new file's rows are
 *   matched against every row booked before. Rows that landed before this migration get their
 *   key from the member's number here.
 * - `earnings_rows.kept_repeat` marks a row the supervisor kept although it repeated another.
 * - `earnings_files.rows_fingerprint` is the SHA-256 of the file's canonical rows (sorted keys),
 *   unique: the same rows saved again with another delimiter, BOM, line ending or name are
 *   refused. Files imported before this migration have none (their rows are still matched one by
 *   one through `row_key`).
 * - `earnings_files.rows_dropped` and `repeats` record the supervisor's decision per repeated line.
 */
const statements: string[] = [
  `ALTER TABLE earnings_files ADD COLUMN rows_fingerprint TEXT`,
  `ALTER TABLE earnings_files ADD COLUMN rows_dropped INTEGER NOT NULL DEFAULT 0 CHECK (rows_dropped >= 0)`,
  `ALTER TABLE earnings_files ADD COLUMN repeats TEXT NOT NULL DEFAULT '[]'`,
  `CREATE UNIQUE INDEX earnings_files_fingerprint ON earnings_files(rows_fingerprint) WHERE rows_fingerprint IS NOT NULL`,
  `ALTER TABLE earnings_rows ADD COLUMN row_key TEXT`,
  `ALTER TABLE earnings_rows ADD COLUMN kept_repeat INTEGER NOT NULL DEFAULT 0 CHECK (kept_repeat = 0 OR kept_repeat = 1)`,
  `UPDATE earnings_rows SET row_key =
     (SELECT m.member_no FROM members m WHERE m.id = earnings_rows.member_id) || '|' || product_code || '|' || delivered_on || '|' || quantity`,
  `CREATE INDEX earnings_rows_key ON earnings_rows(row_key)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('0002_earnings_row_keys cannot be undone; restore the backup taken before migrating');
}
