import { sql, type Kysely } from 'kysely';

/**
 * B6 across processes (two desks, or the CLI beside a desk, on one file):
 *
 * - `run_claims`: one row per kind of exclusive work ('monthly-run'), claimed in a transaction.
 *   The primary key is what makes a second concurrent run impossible; the owner (pid, host) and
 *   a wall-clock heartbeat let the next start take over a claim whose process is gone.
 * - `membership_events.run_id`: the run that booked an event; with the unique index a run books
 *   each kind of event at most once per member (as `ledger_run_once` does for the ledger).
 *   Events from the desk (opt-out, re-join, …) have no run and are not constrained by it.
 */
const statements: string[] = [
  `CREATE TABLE run_claims (
    key TEXT PRIMARY KEY,
    month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    token TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
  ) STRICT`,
  `ALTER TABLE membership_events ADD COLUMN run_id INTEGER REFERENCES monthly_runs(id)`,
  `CREATE UNIQUE INDEX membership_events_run_once ON membership_events(run_id, member_id, kind) WHERE run_id IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('0003_run_claims_and_event_keys cannot be undone; restore the backup taken before migrating');
}
