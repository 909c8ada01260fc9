import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Security (issue 10): sessions that end, sign-in throttling instead of a hard lock, and an audit
 * trail and access log nobody can edit (SPEC B12a, B14).
 *
 * - `sessions`: `last_seen_at` (idle expiry), `ended_reason` (why it ended: signed out, idle,
 *   lifetime, window closed, deactivated, role changed), `client` (the caller's address when a
 *   desk server knows one) and `role` (the role signed in with: a session whose user's role has
 *   changed since, on any desk, ends).
 * - `sign_ins` is rebuilt: the outcome gains `throttled` (a guess refused because it came too soon
 *   after the last failures; `locked` stays for the rows of the old hard lock) and the row gains
 *   `client`. `users.failed_attempts` and `users.locked_until` are no longer used (left in place).
 * - `sign_in_throttles`: the growing delay after failed sign-ins, per account and per client.
 * - `audit_log` gains `hash`; `member_access_log` is rebuilt with `hash`, a nullable member (a
 *   search names no single member) and `details` (the search's query and the member ids it
 *   returned). Each row's hash is SHA-256 over the previous row's hash and the row's content, so
 *   an edited, inserted or removed row breaks the chain from there on (`desk audit verify`).
 *   Existing rows are chained here, in id order.
 * - Both tables are append-only: UPDATE and DELETE abort in triggers.
 *
 * The chain's hash is spelled out below rather than imported (main/db/audit-chain.ts computes the
 * same), so this migration stays what it was when it landed.
 */
const before: string[] = [
  `ALTER TABLE sessions ADD COLUMN last_seen_at TEXT`,
  `ALTER TABLE sessions ADD COLUMN ended_reason TEXT CHECK (ended_reason IS NULL OR ended_reason = 'signed_out' OR ended_reason = 'idle' OR ended_reason = 'lifetime' OR ended_reason = 'window_closed' OR ended_reason = 'deactivated' OR ended_reason = 'role_changed')`,
  `ALTER TABLE sessions ADD COLUMN client TEXT`,
  `ALTER TABLE sessions ADD COLUMN role TEXT`,
  `UPDATE sessions SET last_seen_at = started_at, role = (SELECT role FROM users WHERE users.id = sessions.user_id)`,
  `CREATE INDEX sessions_user_live ON sessions(user_id) WHERE ended_at IS NULL`,

  `CREATE TABLE sign_ins_new (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    outcome TEXT NOT NULL CHECK (outcome = 'ok' OR outcome = 'bad_credentials' OR outcome = 'locked' OR outcome = 'inactive' OR outcome = 'logout' OR outcome = 'throttled'),
    client TEXT
  ) STRICT`,
  `INSERT INTO sign_ins_new (id, at, username, user_id, outcome, client) SELECT id, at, username, user_id, outcome, NULL FROM sign_ins`,
  `DROP TABLE sign_ins`,
  `ALTER TABLE sign_ins_new RENAME TO sign_ins`,
  `CREATE INDEX sign_ins_user ON sign_ins(user_id, at)`,
  `CREATE INDEX sign_ins_at ON sign_ins(at)`,

  `CREATE TABLE sign_in_throttles (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind = 'account' OR kind = 'client'),
    subject TEXT NOT NULL,
    failures INTEGER NOT NULL CHECK (failures > 0),
    first_failure_at TEXT NOT NULL,
    last_failure_at TEXT NOT NULL,
    blocked_until TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX sign_in_throttles_last ON sign_in_throttles(last_failure_at)`,

  `ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''`,

  `CREATE TABLE member_access_log_new (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    member_id INTEGER REFERENCES members(id),
    action TEXT NOT NULL,
    details TEXT,
    hash TEXT NOT NULL DEFAULT ''
  ) STRICT`,
  `INSERT INTO member_access_log_new (id, at, user_id, member_id, action, details) SELECT id, at, user_id, member_id, action, NULL FROM member_access_log`,
  `DROP TABLE member_access_log`,
  `ALTER TABLE member_access_log_new RENAME TO member_access_log`,
  `CREATE INDEX member_access_member ON member_access_log(member_id, id) WHERE member_id IS NOT NULL`,
  `CREATE INDEX member_access_user ON member_access_log(user_id, id)`,
];

const after: string[] = [
  `CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (B14)'); END`,
  `CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (B14)'); END`,
  `CREATE TRIGGER access_no_update BEFORE UPDATE ON member_access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only (B14)'); END`,
  `CREATE TRIGGER access_no_delete BEFORE DELETE ON member_access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only (B14)'); END`,
];

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  channel: string;
  member_id: number | null;
  reason: string | null;
  details: string | null;
}
interface AccessRow {
  id: number;
  at: string;
  user_id: number;
  member_id: number | null;
  action: string;
  details: string | null;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of before) await sql.raw(statement).execute(db);

  let prev = '';
  const audit = await sql<AuditRow>`SELECT id, at, user_id, action, channel, member_id, reason, details FROM audit_log ORDER BY id`.execute(db);
  for (const r of audit.rows) {
    prev = sha256(`${prev}\n${JSON.stringify(['audit', r.id, r.at, r.user_id, r.action, r.channel, r.member_id, r.reason, r.details])}`);
    await sql`UPDATE audit_log SET hash = ${prev} WHERE id = ${r.id}`.execute(db);
  }
  prev = '';
  const access = await sql<AccessRow>`SELECT id, at, user_id, member_id, action, details FROM member_access_log ORDER BY id`.execute(db);
  for (const r of access.rows) {
    prev = sha256(`${prev}\n${JSON.stringify(['access', r.id, r.at, r.user_id, r.member_id, r.action, r.details])}`);
    await sql`UPDATE member_access_log SET hash = ${prev} WHERE id = ${r.id}`.execute(db);
  }

  for (const statement of after) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0005_security cannot be undone; restore the backup taken before migrating');
}
