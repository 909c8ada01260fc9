import { sql, type Kysely } from 'kysely';

/**
 * Issue 12, D3: "A contact detail that an agent changed during a call is kept with who changed it
 * and when, and is listed in an export for the billing team." One row per changed field of one
 * correction: the member, the audit row of the correction (written in the same transaction), when,
 * by whom, through which channel, and the value before and after (null: empty before / cleared).
 *
 * The rows are history: DELETE aborts, and an UPDATE aborts unless it is B14's erasure, which
 * blanks `before` and `after` and stamps `anonymised_at` while every other column stays as it was
 * (the audit log keeps no contact details, docs/security.md, so this is the only copy of them).
 *
 * Indexes: a member's changes for the timeline (member_id, id); the billing export by time.
 */
const statements: string[] = [
  `CREATE TABLE contact_changes (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    audit_id INTEGER NOT NULL REFERENCES audit_log(id),
    changed_at TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    field TEXT NOT NULL CHECK (field = 'address' OR field = 'postcode' OR field = 'city' OR field = 'email' OR field = 'phone'),
    before TEXT,
    after TEXT,
    channel TEXT NOT NULL CHECK (channel = 'phone' OR channel = 'email' OR channel = 'desk'),
    anonymised_at TEXT,
    CHECK (anonymised_at IS NOT NULL OR before IS NOT after)
  ) STRICT`,
  `CREATE INDEX contact_changes_member ON contact_changes(member_id, id)`,
  `CREATE INDEX contact_changes_at ON contact_changes(changed_at, id)`,
  `CREATE TRIGGER contact_changes_no_delete BEFORE DELETE ON contact_changes BEGIN SELECT RAISE(ABORT, 'contact changes are kept (D3)'); END`,
  `CREATE TRIGGER contact_changes_no_update BEFORE UPDATE ON contact_changes
    WHEN NOT (NEW.id IS OLD.id AND NEW.member_id IS OLD.member_id AND NEW.audit_id IS OLD.audit_id AND NEW.changed_at IS OLD.changed_at
      AND NEW.user_id IS OLD.user_id AND NEW.field IS OLD.field AND NEW.channel IS OLD.channel
      AND NEW.before IS NULL AND NEW.after IS NULL AND NEW.anonymised_at IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'contact changes are kept as they were (D3); only erasure (B14) blanks their values'); END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE contact_changes').execute(db);
}
