import { sql, type Kysely } from 'kysely';

/**
 * Issue 11: a running monthly run's totals (runs.list, the run page, which the supervisor's desk
 * reads on every `jobs` event) were counted with a scan of the whole ledger — `run_id = ?` cannot
 * use `ledger_run_once`, whose rows leave out the earnings — 1.0–1.6 s at 1M members (11.7M
 * entries), on the server's one thread, so every desk's call waited behind it while the run went.
 * These partial indexes hold only what a run booked, with what its totals add up (kind, amount),
 * so the totals are an index range: 2 ms for this month's run at 1M members, 14 ms for the largest
 * (193,000 entries). Built in ~9 s at 1M members.
 *
 * The same page lists the service emails (B12) soonest due first, 500 at most, on the same events:
 * without an index in that order each read sorted all of them (50,000 at 1M members after a few
 * runs): 165 ms, now 3 ms.
 */
const statements = [
  'CREATE INDEX ledger_by_run ON ledger_entries(run_id, kind, amount) WHERE run_id IS NOT NULL',
  'CREATE INDEX earnings_rows_by_run ON earnings_rows(run_id) WHERE run_id IS NOT NULL',
  'CREATE INDEX service_emails_by_run ON service_emails(run_id) WHERE run_id IS NOT NULL',
  'CREATE INDEX service_emails_due ON service_emails(due_on, id)',
  'CREATE INDEX service_emails_unsent ON service_emails(due_on, id) WHERE sent_at IS NULL',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['service_emails_unsent', 'service_emails_due', 'service_emails_by_run', 'earnings_rows_by_run', 'ledger_by_run']) await sql.raw(`DROP INDEX ${name}`).execute(db);
}
