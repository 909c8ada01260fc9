import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import writeXlsxFile from 'write-excel-file/node';
import { AUDIT_EXPORT_MAX_ROWS, type AuditChange, type AuditFilter, type AuditMember, type AuditRow, type ChainCheck } from '../../shared/channels/audit.js';
import { DeskError } from '../../shared/errors.js';
import { accessHash, auditHash, type ChainTable } from '../db/audit-chain.js';
import { preparedPerStore, type ParamMaker, type Prepared, type Store } from '../db/store.js';
import { addDays, osloDate, osloInstant, osloTime } from '../domain/time.js';
import { audit, recordBulkAccess } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { csvCell, CSV_OPTIONS, xlsxCell, type ExportColumn, type XlsxRow } from './export-format.js';
import { writeWhole } from './files.js';
import { exportDir } from './reports.js';

/**
 * Issue 13, "The audit (supervisors and admins)": the audit screen's reads over `audit_log`.
 *
 * Paging is by keyset, newest first: a page is `id < cursor ORDER BY id DESC LIMIT n`, the cursor
 * being the last id of the page before, so a page deep in 10 million rows costs what the first
 * does (no OFFSET walking past the rows before it), and rows written meanwhile never shift a page
 * (no duplicates, no gaps). Each filter has an index ending in `id` (migration 0011: by user,
 * action and channel; `audit_member` from 0001), so a filtered page is one index range read
 * backwards from the cursor. A date range becomes an id range through `audit_by_at`: the first id
 * at or after 00:00 Oslo on the first day and the last id before 00:00 on the day after the last —
 * two index seeks — because ids grow with time (the chain appends at its end with the desk's clock,
 * which only moves forward; a row written under a clock set back would be placed by its id).
 *
 * Two filters on different indexed columns (user and action, say) read one index and check the
 * other on its rows: fast when either is narrow; the bench measures the common ones.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonRecord = { [key: string]: Json };

/** The filter resolved: the member's id, and the date range as ids (null: no bound). */
interface Plan {
  userId: number | null | undefined;
  member: AuditMember | null;
  action: string | undefined;
  channel: string | undefined;
  lo: number | null;
  hi: number | null;
  /** The date range holds no rows at all. */
  empty: boolean;
}

/** 00:00 Oslo time on `day`, as the stored text of `at` (UTC ISO). */
const startOfDay = (day: string): string => osloInstant(day, '00:00').toISOString();

const memberRead = preparedPerStore((store, p: ParamMaker<{ memberNo: number }>) => store.kysely.selectFrom('members').select(['id', 'member_no', 'first_name', 'last_name']).where('member_no', '=', p('memberNo')));
/** The first row at or after an instant, and the last before one: two seeks of audit_by_at. */
const firstFrom = preparedPerStore((store, p: ParamMaker<{ at: string }>) => store.kysely.selectFrom('audit_log').select('id').where('at', '>=', p('at')).orderBy('at').orderBy('id').limit(1));
const lastBefore = preparedPerStore((store, p: ParamMaker<{ at: string }>) => store.kysely.selectFrom('audit_log').select('id').where('at', '<', p('at')).orderBy('at', 'desc').orderBy('id', 'desc').limit(1));

async function memberByNo(ctx: ServiceContext, memberNo: number): Promise<AuditMember> {
  const row = await memberRead(ctx.store).first({ memberNo });
  if (row === undefined) throw new DeskError('not_found', `No member with number ${memberNo}.`, { field: 'memberNo', memberNo });
  return { id: row.id, memberNo: row.member_no, name: `${row.first_name} ${row.last_name}` };
}

/** The filter as a plan: the member number looked up, the days turned into ids (two seeks of audit_by_at). */
async function planOf(ctx: ServiceContext, filter: AuditFilter): Promise<Plan> {
  const { store } = ctx;
  const member = filter.memberNo === undefined ? null : await memberByNo(ctx, filter.memberNo);
  let lo: number | null = null;
  let hi: number | null = null;
  let empty = false;
  if (filter.from !== undefined) {
    const first = await firstFrom(store).first({ at: startOfDay(filter.from) });
    if (first === undefined) empty = true;
    else lo = first.id;
  }
  if (filter.to !== undefined && !empty) {
    const last = await lastBefore(store).first({ at: startOfDay(addDays(filter.to, 1)) });
    if (last === undefined) empty = true;
    else hi = last.id;
  }
  if (lo !== null && hi !== null && lo > hi) empty = true;
  return { userId: filter.userId, member, action: filter.action, channel: filter.channel, lo, hi, empty };
}

interface Row {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  channel: string;
  member_id: number | null;
  reason: string | null;
  details: string | null;
  user_name: string | null;
  username: string | null;
  member_no: number | null;
  first_name: string | null;
  last_name: string | null;
}

/** The named parameters of a page's statement (those its shape does not use are ignored). */
type PageParams = {
  userId: number;
  memberId: number;
  action: string;
  channel: string;
  lo: number;
  hi: number;
  before: number;
  limit: number;
};

/** Which conditions a page has: one statement per shape, compiled once per store (a Kysely compile cost more than the read). */
interface Shape {
  user: 'any' | 'system' | 'one';
  member: boolean;
  action: boolean;
  channel: boolean;
  lo: boolean;
  hi: boolean;
  before: boolean;
}

const pageStatements = new WeakMap<Store, Map<string, Prepared<PageParams, Row>>>();

function pageStatement(store: Store, shape: Shape): Prepared<PageParams, Row> {
  let byShape = pageStatements.get(store);
  if (byShape === undefined) {
    byShape = new Map();
    pageStatements.set(store, byShape);
  }
  const key = JSON.stringify(shape);
  let found = byShape.get(key);
  if (found === undefined) {
    found = store.prepared<PageParams, Row>((p) => {
      let q = store.kysely
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .leftJoin('members as m', 'm.id', 'a.member_id')
        .select(['a.id', 'a.at', 'a.user_id', 'a.action', 'a.channel', 'a.member_id', 'a.reason', 'a.details', 'u.display_name as user_name', 'u.username', 'm.member_no', 'm.first_name', 'm.last_name']);
      if (shape.user === 'system') q = q.where('a.user_id', 'is', null);
      if (shape.user === 'one') q = q.where('a.user_id', '=', p('userId'));
      if (shape.member) q = q.where('a.member_id', '=', p('memberId'));
      if (shape.action) q = q.where('a.action', '=', p('action'));
      if (shape.channel) q = q.where('a.channel', '=', p('channel'));
      if (shape.lo) q = q.where('a.id', '>=', p('lo'));
      if (shape.hi) q = q.where('a.id', '<=', p('hi'));
      if (shape.before) q = q.where('a.id', '<', p('before'));
      return q.orderBy('a.id', 'desc').limit(p('limit'));
    });
    byShape.set(key, found);
  }
  return found;
}

/** One page of the plan, newest first, older than `before`: `limit` rows and whether more follow. */
async function readPage(ctx: ServiceContext, plan: Plan, before: number | undefined, limit: number): Promise<{ rows: Row[]; more: boolean }> {
  if (plan.empty) return { rows: [], more: false };
  const shape: Shape = {
    user: plan.userId === null ? 'system' : plan.userId === undefined ? 'any' : 'one',
    member: plan.member !== null,
    action: plan.action !== undefined,
    channel: plan.channel !== undefined,
    lo: plan.lo !== null,
    hi: plan.hi !== null,
    before: before !== undefined,
  };
  const rows = await pageStatement(ctx.store, shape).all({
    userId: plan.userId ?? 0,
    memberId: plan.member?.id ?? 0,
    action: plan.action ?? '',
    channel: plan.channel ?? '',
    lo: plan.lo ?? 0,
    hi: plan.hi ?? 0,
    before: before ?? 0,
    limit: limit + 1,
  });
  return rows.length > limit ? { rows: rows.slice(0, limit), more: true } : { rows, more: false };
}

const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const orNull = (rest: JsonRecord): JsonRecord | null => (Object.keys(rest).length === 0 ? null : rest);

/** A row's details as stored: JSON text, normally an object (anything else is kept under `value`). */
function parseDetails(text: string | null): JsonRecord | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Json;
    return isRecord(parsed) ? parsed : { value: parsed };
  } catch {
    return { value: text };
  }
}

/**
 * What a row changed, from its details, and the rest of the details. The shapes a service may
 * write (docs/security.md, "The audit screen"):
 * - `{ key, before, after }` (a setting; `field` instead of `key` too): one change of that key;
 * - `{ before: {…}, after: {…} }` (a record): one change per key whose value differs;
 * - `{ changes: [{ field, before, after }, …] }`: as listed;
 * - `{ fields: [names] }` (a contact correction, D3): the fields, without values (`kept: false`).
 * Any other details are shown as they are.
 */
export function changesOf(details: JsonRecord | null): { changes: AuditChange[]; rest: JsonRecord | null } {
  if (details === null) return { changes: [], rest: null };
  if ('before' in details && 'after' in details) {
    const { before, after, ...rest } = details;
    if (isRecord(before) && isRecord(after)) {
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
      const changes = keys.filter((key) => !same(before[key], after[key])).map((key) => ({ field: key, kept: true, before: before[key] ?? null, after: after[key] ?? null }));
      return { changes, rest: orNull(rest) };
    }
    const { key, field, ...others } = rest;
    const name = typeof key === 'string' ? key : typeof field === 'string' ? field : null;
    const left: JsonRecord = { ...others };
    // Keep a key or field that did not name the change (a number, say).
    if (key !== undefined && typeof key !== 'string') left['key'] = key;
    if (field !== undefined && (typeof field !== 'string' || name !== field)) left['field'] = field;
    return { changes: [{ field: name, kept: true, before: before ?? null, after: after ?? null }], rest: orNull(left) };
  }
  const listed = details['changes'];
  if (Array.isArray(listed) && listed.length > 0 && listed.every((c) => isRecord(c) && 'before' in c && 'after' in c)) {
    const rest: JsonRecord = { ...details };
    delete rest['changes'];
    const changes = listed.filter(isRecord).map((c) => ({ field: typeof c['field'] === 'string' ? c['field'] : null, kept: true, before: c['before'] ?? null, after: c['after'] ?? null }));
    return { changes, rest: orNull(rest) };
  }
  const fields = details['fields'];
  if (Array.isArray(fields) && fields.length > 0 && fields.every((f) => typeof f === 'string')) {
    const rest: JsonRecord = { ...details };
    delete rest['fields'];
    return { changes: fields.map((f) => ({ field: String(f), kept: false, before: null, after: null })), rest: orNull(rest) };
  }
  return { changes: [], rest: details };
}

function toAuditRow(r: Row): AuditRow {
  const { changes, rest } = changesOf(parseDetails(r.details));
  return {
    id: r.id,
    at: r.at,
    user: r.user_id === null ? null : { id: r.user_id, name: r.user_name ?? `#${r.user_id}`, username: r.username ?? '' },
    action: r.action,
    channel: r.channel,
    member: r.member_id === null ? null : { id: r.member_id, memberNo: r.member_no ?? 0, name: `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() },
    reason: r.reason,
    changes,
    details: rest,
  };
}

/** The filter as recorded in the access and audit rows (what was asked, not what was shown). */
const filterRecord = (filter: AuditFilter): JsonRecord => {
  const out: JsonRecord = {};
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) out[key] = value as Json;
  return out;
};

export interface AuditListInput extends AuditFilter {
  before?: number | undefined;
  limit: number;
}

/**
 * `audit.list`: one page of the filtered rows, newest first (keyset: `before` is the `next` of the
 * page before). B14: the page names members, so a page that shows any is one access row
 * (`audit_list`, no member of its own) naming the filter, the cursor and the members shown.
 */
export async function listAudit(ctx: ServiceContext, input: AuditListInput): Promise<{ items: AuditRow[]; next: number | null; member: AuditMember | null }> {
  const { before, limit, ...filter } = input;
  const { plan, page } = await ctx.store.transaction(async () => {
    const planned = await planOf(ctx, filter);
    return { plan: planned, page: await readPage(ctx, planned, before, limit) };
  }, 'read');
  const items = page.rows.map(toAuditRow);
  const memberIds = [...new Set(items.flatMap((i) => (i.member === null ? [] : [i.member.id])))];
  if (memberIds.length > 0) await recordBulkAccess(ctx, 'audit_list', { filter: filterRecord(filter), before: before ?? null, rows: items.length, memberIds });
  const last = items.at(-1);
  return { items, next: page.more && last !== undefined ? last.id : null, member: plan.member };
}

/**
 * The distinct values of an indexed column, one index seek each (a loose index scan): the
 * actions and channels number in the tens, the rows in the millions, so DISTINCT (a walk of the
 * whole index) would take seconds.
 */
async function distinctValues(ctx: ServiceContext, column: 'action' | 'channel'): Promise<string[]> {
  const col = sql.ref(column);
  const query = sql<{ v: string }>`WITH RECURSIVE seen(v) AS (
      SELECT min(${col}) FROM audit_log
      UNION ALL
      SELECT (SELECT min(${col}) FROM audit_log WHERE ${col} > seen.v) FROM seen WHERE seen.v IS NOT NULL
    ) SELECT v FROM seen WHERE v IS NOT NULL`.compile(ctx.store.kysely);
  return (await ctx.store.all(query)).map((r) => r.v);
}

/** `audit.facets`: every user (the inactive too: their rows stay), the actions and the channels the log holds. */
export async function auditFacets(ctx: ServiceContext): Promise<{ users: { id: number; name: string; username: string; role: 'agent' | 'supervisor' | 'manager' | 'admin'; active: boolean }[]; actions: string[]; channels: string[] }> {
  const users = await ctx.store.all(ctx.store.kysely.selectFrom('users').select(['id', 'display_name', 'username', 'role', 'active']).orderBy('display_name').orderBy('id'));
  return {
    users: users.map((u) => ({ id: u.id, name: u.display_name, username: u.username, role: u.role, active: u.active === 1 })),
    actions: await distinctValues(ctx, 'action'),
    channels: await distinctValues(ctx, 'channel'),
  };
}

/** How many rows the chain check reads at a time: the connection is free for other calls between reads. */
const VERIFY_CHUNK = 5_000;

/**
 * B14 (`audit.verify`): the same check as `desk audit verify` (db/audit-chain.ts, verifyChain: each
 * row's hash over the previous row's hash and its own content), walked in keyset chunks rather
 * than one stream, so the desk's other calls are answered while a long chain is checked. Rows
 * appended during the walk are checked too when they land after it.
 */
async function walkChain<R extends { id: number; at: string; hash: string }>(
  table: ChainTable,
  read: (after: number) => Promise<R[]>,
  hashOf: (prev: string, row: R) => string,
): Promise<ChainCheck> {
  let prev = '';
  let previousId: number | null = null;
  let rows = 0;
  for (;;) {
    const chunk = await read(previousId ?? 0);
    for (const r of chunk) {
      rows += 1;
      if (hashOf(prev, r) !== r.hash) return { table, rows, broken: { id: r.id, at: r.at, previousId } };
      prev = r.hash;
      previousId = r.id;
    }
    if (chunk.length < VERIFY_CHUNK) return { table, rows, broken: null };
  }
}

/** `audit.verify`: both chains, as the command line checks them. */
export async function verifyAuditChains(ctx: ServiceContext): Promise<{ ok: boolean; chains: ChainCheck[] }> {
  const { store } = ctx;
  const k = store.kysely;
  const chains = [
    await walkChain('audit_log', (after) => store.all(k.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(VERIFY_CHUNK)), (prev, r) => auditHash(prev, r.id, r)),
    await walkChain('member_access_log', (after) => store.all(k.selectFrom('member_access_log').selectAll().where('id', '>', after).orderBy('id').limit(VERIFY_CHUNK)), (prev, r) => accessHash(prev, r.id, r)),
  ];
  return { ok: chains.every((c) => c.broken === null), chains };
}

/** A value of a change as text in the file: strings as they are, the rest as JSON. */
const valueText = (value: Json): string => (value === null ? '–' : typeof value === 'string' ? value : JSON.stringify(value));

/** "key: before → after; …" (a field without values: its name only). */
export function changesText(changes: readonly AuditChange[]): string {
  return changes.map((c) => (c.kept ? `${c.field ?? ''}${c.field === null ? '' : ': '}${valueText(c.before as Json)} → ${valueText(c.after as Json)}` : (c.field ?? ''))).join('; ');
}

/** The export's columns (Norwegian headers, like the other exports); kinds decide the formula guard (export-format.ts). */
const COLUMNS: readonly ExportColumn<AuditRow>[] = [
  { header: 'Nr.', kind: 'integer', width: 10, value: (r) => r.id },
  { header: 'Tidspunkt (UTC)', kind: 'text', width: 26, value: (r) => r.at },
  { header: 'Tidspunkt (Oslo-tid)', kind: 'text', width: 18, value: (r) => `${osloDate(new Date(r.at))} ${osloTime(new Date(r.at))}` },
  { header: 'Bruker', kind: 'text', width: 22, value: (r) => (r.user === null ? 'systemet' : `${r.user.name} (${r.user.username})`) },
  { header: 'Handling', kind: 'text', width: 26, value: (r) => r.action },
  { header: 'Kanal', kind: 'code', width: 8, value: (r) => r.channel },
  { header: 'Medlemsnr.', kind: 'memberNo', width: 12, value: (r) => r.member?.memberNo ?? null },
  { header: 'Medlem', kind: 'text', width: 22, value: (r) => r.member?.name ?? null },
  { header: 'Begrunnelse', kind: 'text', width: 30, value: (r) => r.reason },
  { header: 'Før og etter', kind: 'text', width: 40, value: (r) => (r.changes.length === 0 ? null : changesText(r.changes)) },
  { header: 'Detaljer', kind: 'text', width: 40, value: (r) => (r.details === null ? null : JSON.stringify(r.details)) },
];

/** Rows read per step of an export (each a short read: the desk answers other calls between them). */
const EXPORT_PAGE = 1_000;

/**
 * `audit.export`: the filtered rows, newest first, at most AUDIT_EXPORT_MAX_ROWS, as CSV (RFC 4180
 * with `;`, a BOM, free text guarded against formulas) or XLSX, written whole or not at all
 * (files.ts) into the export folder as `revisjonslogg-<time>.<format>`. Read in keyset pages, so a
 * large export does not hold the connection. B14: one access row (`export_audit`: the filter, the
 * rows, the file); audited (`audit.export`).
 */
export async function exportAudit(ctx: ServiceContext, input: AuditFilter & { format: 'csv' | 'xlsx' }): Promise<{ path: string; rows: number; bytes: number; truncated: boolean }> {
  const { format, ...filter } = input;
  const plan = await planOf(ctx, filter);
  let count = 0;
  let truncated = false;
  async function* rows(): AsyncGenerator<AuditRow> {
    let before: number | undefined;
    for (;;) {
      const page = await readPage(ctx, plan, before, EXPORT_PAGE);
      for (const r of page.rows) {
        if (count === AUDIT_EXPORT_MAX_ROWS) {
          truncated = true;
          return;
        }
        count += 1;
        yield toAuditRow(r);
      }
      const last = page.rows.at(-1);
      if (!page.more || last === undefined) return;
      before = last.id;
    }
  }
  const stamp = nowIso(ctx).replace(/[:.]/g, '-');
  const path = join(exportDir(ctx), `revisjonslogg-${stamp}.${format}`);
  let written: { path: string; bytes: number };
  if (format === 'csv') {
    async function* records(): AsyncGenerator<string[]> {
      yield COLUMNS.map((c) => c.header);
      for await (const r of rows()) yield COLUMNS.map((c) => csvCell(c.kind, c.value(r)));
    }
    written = await writeWhole(path, (out) => pipeline(Readable.from(records()), stringify(CSV_OPTIONS), out));
  } else {
    const sheet: XlsxRow[] = [COLUMNS.map((c) => ({ type: String, value: c.header, fontWeight: 'bold' }))];
    for await (const r of rows()) sheet.push(COLUMNS.map((c) => xlsxCell(c.kind, c.value(r))));
    const xlsx = writeXlsxFile(sheet, { columns: COLUMNS.map((c) => ({ width: c.width })), stickyRowsCount: 1 });
    written = await writeWhole(path, async (out) => {
      out.end(await xlsx.toBuffer());
    });
  }
  await ctx.store.transaction(async () => {
    await recordBulkAccess(ctx, 'export_audit', { filter: filterRecord(filter), rows: count, path: written.path, truncated });
    await audit(ctx, { action: 'audit.export', channel: 'desk', memberId: plan.member?.id ?? null, details: { filter: filterRecord(filter), format, rows: count, truncated, path: written.path } });
  });
  return { path: written.path, rows: count, bytes: written.bytes, truncated };
}
