import { sql, type Kysely } from 'kysely';

/**
 * Issue 11/12: the name index gains one-letter prefixes. An agent typing "simen s" or "m" asks
 * FTS5 for `s*` or `m*`; without a prefix index FTS5 merges the lists of every indexed word
 * beginning with that letter (10-35 ms at 1M members, every keystroke of every agent). With
 * prefix = '1 2 3' the same read is one list (0.1-2 ms). FTS5 cannot add a prefix index to an
 * existing table, so the table is built anew under a temporary name from the same rows
 * (~15 s at 1M members), then put in place of the old one. The triggers on `members` that keep
 * it in step name it: they are set aside while the table is swapped and made again, word for
 * word, from their own stored SQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, '1 2 3');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, '2 3');
}

async function rebuild(db: Kysely<unknown>, prefixes: string): Promise<void> {
  const { rows: triggers } = await sql<{ name: string; sql: string }>`
    SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%member_names%' ORDER BY name`.execute(db);
  for (const trigger of triggers) await sql.raw(`DROP TRIGGER ${trigger.name}`).execute(db);
  await sql.raw(
    `CREATE VIRTUAL TABLE member_names_next USING fts5(name, folded, tokenize = 'unicode61 remove_diacritics 2', prefix = '${prefixes}')`,
  ).execute(db);
  await sql.raw('INSERT INTO member_names_next(rowid, name, folded) SELECT rowid, name, folded FROM member_names').execute(db);
  await sql.raw('DROP TABLE member_names').execute(db);
  await sql.raw('ALTER TABLE member_names_next RENAME TO member_names').execute(db);
  for (const trigger of triggers) await sql.raw(trigger.sql).execute(db);
}
