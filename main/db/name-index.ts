import type { Sqlite } from './open.js';

/**
 * The FTS5 name index (see migration 0001). FTS5 is SQLite's own, so its SQL lives here in
 * `main/db/`; a PostgreSQL store would answer the same two calls with tsvector or pg_trgm.
 */
export interface NameIndex {
  /** Members whose folded name matches, in member-id order (cheap, stable for broad queries). */
  byRowid(match: string, limit: number): { id: number }[];
  /** Members whose folded name matches, best bm25 rank first (for narrow queries). */
  byRank(match: string, limit: number): { id: number }[];
}

const cache = new WeakMap<Sqlite, NameIndex>();

export function nameIndex(sqlite: Sqlite): NameIndex {
  let index = cache.get(sqlite);
  if (index !== undefined) return index;
  const byRowid = sqlite.prepare('SELECT rowid AS id FROM member_names WHERE member_names MATCH ? ORDER BY rowid LIMIT ?');
  const byRank = sqlite.prepare('SELECT rowid AS id FROM member_names WHERE member_names MATCH ? ORDER BY rank LIMIT ?');
  index = {
    byRowid: (match, limit) => byRowid.all(match, limit) as { id: number }[],
    byRank: (match, limit) => byRank.all(match, limit) as { id: number }[],
  };
  cache.set(sqlite, index);
  return index;
}
