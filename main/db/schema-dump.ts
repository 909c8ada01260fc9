import type { Sqlite } from './open.js';

/**
 * The schema a migration chain produced, as stable text: every table, index, trigger and view
 * from sqlite_master, sorted, with whitespace folded. The migration snapshot test compares it
 * with a committed file, so an edit to a landed migration or a drift shows as a diff.
 * FTS5 shadow tables and Kysely's own bookkeeping are left out (they belong to the engine).
 */
export function dumpSchema(sqlite: Sqlite): string {
  const rows = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'
         AND name NOT GLOB 'member_names_*'
       ORDER BY type, name`,
    )
    .all() as { type: string; name: string; sql: string }[];
  return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ').trim()};\n`).join('\n');
}

/** Column names of each ordinary table, for comparing with the Kysely types in schema.ts. */
export function tableColumns(sqlite: Sqlite): Map<string, string[]> {
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'
       AND name NOT GLOB 'member_names*' ORDER BY name`,
    )
    .all() as { name: string }[];
  const out = new Map<string, string[]>();
  for (const { name } of tables) {
    const cols = sqlite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(name) as { name: string }[];
    out.set(name, cols.map((c) => c.name));
  }
  return out;
}
