import { createHash } from 'node:crypto';
import { preparedPerStore, type ParamMaker, type Store } from './store.js';
import type { Database } from './schema.js';
import { sql, type Insertable } from 'kysely';

/**
 * The tamper-evident chain over `audit_log` and `member_access_log` (migration 0005, SPEC B14).
 * Each row's `hash` is SHA-256 over the previous row's hash (empty for the first) and the row's
 * content, id included: an edited row breaks its own hash, a removed or inserted one the next
 * row's. The tables are append-only by trigger; the chain catches what gets past the trigger (a
 * dropped trigger, an edited file).
 */
export type ChainTable = 'audit_log' | 'member_access_log';

type AuditContent = Omit<Insertable<Database['audit_log']>, 'id' | 'hash'>;
type AccessContent = Omit<Insertable<Database['member_access_log']>, 'id' | 'hash'>;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function auditHash(prev: string, id: number, r: AuditContent): string {
  return sha256(`${prev}\n${JSON.stringify(['audit', id, r.at, r.user_id ?? null, r.action, r.channel, r.member_id ?? null, r.reason ?? null, r.details ?? null])}`);
}

export function accessHash(prev: string, id: number, r: AccessContent): string {
  return sha256(`${prev}\n${JSON.stringify(['access', id, r.at, r.user_id, r.member_id ?? null, r.action, r.details ?? null])}`);
}

/**
 * Appends one row at the end of its chain. Runs in a write transaction (joining the caller's),
 * so the last row read and the row written cannot be separated by another writer.
 */
/** The chain's newest row, read by every audited write. */
const auditHead = preparedPerStore((store, _p: ParamMaker<Record<string, never>>) => store.kysely.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(sql.lit(1)));

/** Every audited write appends a row: its insert compiled once per store too (issue 12). */
const auditInsert = preparedPerStore(
  (
    store,
    p: ParamMaker<{ id: number; at: string; user_id: number | null; action: string; channel: string; member_id: number | null; reason: string | null; details: string | null; hash: string }>,
  ) =>
    store.kysely.insertInto('audit_log').values({
      id: p('id'),
      at: p('at'),
      user_id: p('user_id'),
      action: p('action'),
      channel: p('channel'),
      member_id: p('member_id'),
      reason: p('reason'),
      details: p('details'),
      hash: p('hash'),
    }),
);

export async function appendAudit(store: Store, row: AuditContent): Promise<number> {
  return await store.transaction(async () => {
    const last = await auditHead(store).first({});
    const id = (last?.id ?? 0) + 1;
    await auditInsert(store).run({
      id,
      at: row.at,
      user_id: row.user_id ?? null,
      action: row.action,
      channel: row.channel,
      member_id: row.member_id ?? null,
      reason: row.reason ?? null,
      details: row.details ?? null,
      hash: auditHash(last?.hash ?? '', id, row),
    });
    return id;
  });
}

/** Every search and page view appends a row: its two statements compiled once per store. */
const accessHead = preparedPerStore((store, _p: ParamMaker<Record<string, never>>) => store.kysely.selectFrom('member_access_log').select(['id', 'hash']).orderBy('id', 'desc').limit(sql.lit(1)));
const accessInsert = preparedPerStore((store, p: ParamMaker<{ id: number; at: string; user_id: number; member_id: number | null; action: string; details: string | null; hash: string }>) =>
  store.kysely.insertInto('member_access_log').values({ id: p('id'), at: p('at'), user_id: p('user_id'), member_id: p('member_id'), action: p('action'), details: p('details'), hash: p('hash') }),
);

export async function appendAccess(store: Store, row: AccessContent): Promise<number> {
  return await store.transaction(async () => {
    const last = await accessHead(store).first({});
    const id = (last?.id ?? 0) + 1;
    await accessInsert(store).run({ id, at: row.at, user_id: row.user_id, member_id: row.member_id ?? null, action: row.action, details: row.details ?? null, hash: accessHash(last?.hash ?? '', id, row) });
    return id;
  });
}

export interface ChainReport {
  table: ChainTable;
  /** Rows read: all of them when the chain holds, up to and including the broken row otherwise. */
  rows: number;
  /**
   * The first row whose hash does not follow from the one before, or null when the chain holds.
   * `previousId` is the last row that held (null for the first row): when it is not `id - 1`, the
   * rows between were removed (ids are handed out one by one at the end of the chain); otherwise
   * the row itself was changed or put in. Removing the newest rows leaves a shorter chain that
   * holds: compare the count with a backup's to see that.
   */
  broken: { id: number; at: string; previousId: number | null } | null;
}

/** Walks a chain in id order, streaming (an audit of millions of rows is not held in memory). */
export async function verifyChain(store: Store, table: ChainTable): Promise<ChainReport> {
  let prev = '';
  let previousId: number | null = null;
  let rows = 0;
  if (table === 'audit_log') {
    for await (const r of store.stream(store.kysely.selectFrom('audit_log').selectAll().orderBy('id'))) {
      rows += 1;
      if (auditHash(prev, r.id, r) !== r.hash) return { table, rows, broken: { id: r.id, at: r.at, previousId } };
      prev = r.hash;
      previousId = r.id;
    }
  } else {
    for await (const r of store.stream(store.kysely.selectFrom('member_access_log').selectAll().orderBy('id'))) {
      rows += 1;
      if (accessHash(prev, r.id, r) !== r.hash) return { table, rows, broken: { id: r.id, at: r.at, previousId } };
      prev = r.hash;
      previousId = r.id;
    }
  }
  return { table, rows, broken: null };
}
