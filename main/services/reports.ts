import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import writeXlsxFile from 'write-excel-file/node';
import { DeskError } from '../../shared/errors.js';
import { ANONYMISED_FIELDS, KEPT_FIELDS, type AnonymisedField, type CopySection, type ErasureBlocker, type KeptField } from '../../shared/gdpr.js';
import { noteReason, reasonColumns } from '../../shared/reasons.js';
import { membershipStates, type MembershipState } from '../../shared/channels/members.js';
import type { LiabilityReport } from '../../shared/channels/reports.js';
import { expiryRunMonth } from '../domain/explain.js';
import { addMonths, monthOf, osloDate } from '../domain/time.js';
import { audit, recordAccess, recordBulkAccess } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';
import { csvCell, CSV_OPTIONS, xlsxCell, type ExportColumn, type XlsxRow } from './export-format.js';
import { writeWhole, writeWholeFile } from './files.js';

export { neutralise } from './export-format.js';

/**
 * Reports for managers: the points liability, the member report (CSV/XLSX) and the GDPR access
 * copy of one member (B14). Exports stream rows (`store.stream`) so a million members do not
 * sit in memory (XLSX, which is built in memory by its writer, is the exception). Every export
 * file is whole or absent (files.ts: a temporary name, fsync, rename); how cells are written,
 * guarded and typed is in export-format.ts.
 */

export async function liabilityReport(ctx: ServiceContext): Promise<LiabilityReport> {
  const db = ctx.store;
  const { kysely } = db;
  const today = osloDate(ctx.clock.now());
  const members = Object.fromEntries(membershipStates.map((s) => [s, 0])) as Record<MembershipState, number>;
  const byState = Object.fromEntries(membershipStates.map((s) => [s, 0])) as Record<MembershipState, number>;
  for (const r of await db.all(kysely.selectFrom('members').select((eb) => ['state', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('balance').as('points')]).groupBy('state'))) {
    members[r.state] = Number(r.n);
    byState[r.state] = Number(r.points ?? 0);
  }
  const withheld = Number((await db.first(kysely.selectFrom('point_lots').select((eb) => eb.fn.sum<number>('withheld').as('w')).where('withheld', '>', 0)))?.w ?? 0);
  // B5: a lot is removed by the run of the month after its expiry date; the next 12 runs.
  const firstRun = addMonths(monthOf(today), 1);
  const lastRun = addMonths(firstRun, 11);
  const expiring = new Map<string, number>();
  for (const r of await db.all(
    kysely
      .selectFrom('point_lots')
      .select((eb) => ['expires_on', eb.fn.sum<number>('remaining').as('points')])
      .where('remaining', '>', 0)
      .where('expires_on', '<', `${addMonths(lastRun, 0)}-01`)
      .groupBy('expires_on'),
  )) {
    const run = expiryRunMonth(r.expires_on) < firstRun ? firstRun : expiryRunMonth(r.expires_on);
    expiring.set(run, (expiring.get(run) ?? 0) + Number(r.points));
  }
  return {
    asOf: today,
    members,
    points: { total: Object.values(byState).reduce((a, b) => a + b, 0), withheld, byState },
    expiring: [...expiring.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([runMonth, points]) => ({ runMonth, points })),
  };
}

interface ExportRow {
  member_no: number;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  state: MembershipState;
  balance: number;
  enrolled_on: string;
  cancelled_on: string | null;
}

/** The member report's columns; their kinds decide the formula guard and the XLSX types (export-format.ts). */
const MEMBER_COLUMNS: readonly ExportColumn<ExportRow>[] = [
  { header: 'Medlemsnr.', kind: 'memberNo', width: 12, value: (r) => r.member_no },
  { header: 'Fornavn', kind: 'text', width: 18, value: (r) => r.first_name },
  { header: 'Etternavn', kind: 'text', width: 18, value: (r) => r.last_name },
  { header: 'E-post', kind: 'text', width: 28, value: (r) => r.email },
  { header: 'Telefon', kind: 'phone', width: 14, value: (r) => r.phone },
  { header: 'Adresse', kind: 'text', width: 28, value: (r) => r.address },
  { header: 'Postnr.', kind: 'postcode', width: 8, value: (r) => r.postcode },
  { header: 'Sted', kind: 'text', width: 16, value: (r) => r.city },
  { header: 'Status', kind: 'code', width: 10, value: (r) => r.state },
  { header: 'Saldo', kind: 'integer', width: 10, value: (r) => r.balance },
  { header: 'Medlem siden', kind: 'date', width: 12, value: (r) => r.enrolled_on },
  { header: 'Sagt opp', kind: 'date', width: 12, value: (r) => r.cancelled_on },
];

export function exportDir(ctx: ServiceContext): string {
  const dir = ctx.store.workers.exportDir;
  if (dir === undefined) throw new DeskError('internal', 'No export folder is configured.');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The member report; runs in the job worker. Returns the file and the number of rows. */
export async function exportMembers(
  ctx: ServiceContext,
  input: { format: 'csv' | 'xlsx'; state?: MembershipState | undefined },
  onProgress: (done: number) => void = () => undefined,
): Promise<{ path: string; rows: number }> {
  const stamp = nowIso(ctx).replace(/[:.]/g, '-');
  const path = join(exportDir(ctx), `medlemsrapport-${input.state ?? 'alle'}-${stamp}.${input.format}`);
  let query = ctx.store.kysely
    .selectFrom('members')
    .select(['member_no', 'first_name', 'last_name', 'email', 'phone', 'address', 'postcode', 'city', 'state', 'balance', 'enrolled_on', 'cancelled_on'])
    .orderBy('member_no');
  if (input.state !== undefined) query = query.where('state', '=', input.state);
  const rows: AsyncIterable<ExportRow> = ctx.store.stream(query);
  let count = 0;
  // Issue 10: the file is written under a temporary name and renamed when complete (files.ts).
  if (input.format === 'csv') {
    // RFC 4180 with ';', CRLF and a BOM, so Excel with Norwegian settings opens it as columns
    // with æøå intact (export-format.ts); the pipeline keeps to the file's pace.
    async function* records(): AsyncGenerator<string[]> {
      yield MEMBER_COLUMNS.map((c) => c.header);
      for await (const r of rows) {
        yield MEMBER_COLUMNS.map((c) => csvCell(c.kind, c.value(r)));
        count += 1;
        if (count % 50_000 === 0) onProgress(count);
      }
    }
    await writeWhole(path, (out) => pipeline(Readable.from(records()), stringify(CSV_OPTIONS), out));
  } else {
    const sheet: XlsxRow[] = [MEMBER_COLUMNS.map((c) => ({ type: String, value: c.header, fontWeight: 'bold' }))];
    for await (const r of rows) {
      sheet.push(MEMBER_COLUMNS.map((c) => xlsxCell(c.kind, c.value(r))));
      count += 1;
      if (count % 50_000 === 0) onProgress(count);
    }
    const xlsx = writeXlsxFile(sheet, { columns: MEMBER_COLUMNS.map((c) => ({ width: c.width })), stickyRowsCount: 1 });
    await writeWhole(path, async (out) => {
      out.end(await xlsx.toBuffer());
    });
  }
  onProgress(count);
  await ctx.store.transaction(async () => {
    // B14: the report carries every listed member's personal data: one access row for the file.
    await recordBulkAccess(ctx, 'export_members', { filter: { state: input.state ?? null }, rows: count, path });
    await audit(ctx, { action: 'reports.exportMembers', channel: 'desk', details: { path, rows: count, format: input.format, state: input.state ?? null } });
  });
  return { path, rows: count };
}

/**
 * B14: everything held about one member — profile, subscriptions, invoices, lots, ledger,
 * redemptions, notes, membership events, service emails, contact corrections (D3) and who looked
 * at them. Read by accessExport (the files) and by the GDPR test (gdpr.test.ts).
 */
export async function accessCopy(ctx: ServiceContext, memberId: number): Promise<AccessCopy> {
  const db = ctx.store;
  const k = db.kysely;
  const member = await db.first(k.selectFrom('members').selectAll().where('id', '=', memberId));
  if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  type Owned = 'subscriptions' | 'invoices' | 'point_lots' | 'ledger_entries' | 'redemptions' | 'member_notes' | 'membership_events' | 'service_emails' | 'held_orders' | 'contact_changes';
  const all = (table: Owned): Promise<Record<string, unknown>[]> => db.all(k.selectFrom(table).selectAll().where('member_id', '=', memberId).orderBy('id'));
  return {
    exportedAt: nowIso(ctx),
    member,
    subscriptions: await all('subscriptions'),
    invoices: await all('invoices'),
    pointLots: await all('point_lots'),
    ledger: await all('ledger_entries'),
    redemptions: await all('redemptions'),
    redemptionLines: await db.all(
      k.selectFrom('redemption_lines as l').innerJoin('redemptions as r', 'r.id', 'l.redemption_id').selectAll('l').where('r.member_id', '=', memberId).orderBy('l.id'),
    ),
    notes: await all('member_notes'),
    membershipEvents: await all('membership_events'),
    serviceEmails: await all('service_emails'),
    heldOrders: await all('held_orders'),
    // D3: the contact details agents corrected, with the values before and after.
    contactChanges: await all('contact_changes'),
    accessLog: await db.all(
      k
        .selectFrom('member_access_log as l')
        .innerJoin('users as u', 'u.id', 'l.user_id')
        .select(['l.at', 'u.display_name as user', 'l.action'])
        .where('l.member_id', '=', memberId)
        .orderBy('l.id'),
    ),
  };
}

export interface AccessCopy {
  exportedAt: string;
  member: Record<string, unknown> & { member_no: number };
  [section: string]: unknown;
}

/** The copy's sections in the readable document, with their Norwegian headings (the member reads it). */
const SECTION_TITLES: readonly (readonly [string, string])[] = [
  ['subscriptions', 'Abonnementer'],
  ['invoices', 'Fakturaer'],
  ['pointLots', 'Poengbeholdninger'],
  ['ledger', 'Poengbevegelser (hovedbok)'],
  ['redemptions', 'Innløsninger'],
  ['redemptionLines', 'Innløste produkter'],
  ['notes', 'Notater'],
  ['membershipEvents', 'Hendelser i medlemskapet'],
  ['serviceEmails', 'Serviceeposter'],
  ['heldOrders', 'Holdte ordre'],
  ['contactChanges', 'Endringer i kontaktopplysninger'],
  ['accessLog', 'Hvem som har sett opplysningene'],
];

const escapeHtml = (v: unknown): string =>
  (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean)).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** B14: the access copy as one self-contained HTML document in Norwegian, a table per section (no scripts, no outside links). */
export function accessCopyHtml(copy: AccessCopy): string {
  const table = (rows: readonly Record<string, unknown>[]): string => {
    if (rows.length === 0) return '<p>Ingen.</p>';
    const cols = Object.keys(rows[0] ?? {});
    const head = cols.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
    const body = rows.map((r) => `<tr>${cols.map((c) => `<td>${escapeHtml(r[c])}</td>`).join('')}</tr>`).join('\n');
    return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
  };
  const profile = Object.entries(copy.member)
    .map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const sections = SECTION_TITLES.map(([key, title]) => {
    const rows = copy[key];
    return `<section><h2>${escapeHtml(title)}</h2>\n${table(Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [])}</section>`;
  }).join('\n');
  return [
    '<!doctype html>',
    '<html lang="nb"><head><meta charset="utf-8">',
    `<title>Innsyn for medlem ${escapeHtml(copy.member.member_no)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;margin-bottom:1.5rem;font-size:.85rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}thead th{background:#eee}</style>',
    '</head><body>',
    `<h1>Innsyn: opplysninger om medlem ${escapeHtml(copy.member.member_no)}</h1>`,
    `<p>Laget ${escapeHtml(copy.exportedAt)}. Dette er alt bonusprogrammet har lagret om medlemmet (personvernforordningen artikkel 15).</p>`,
    `<section><h2>Medlem</h2><table><tbody>\n${profile}\n</tbody></table></section>`,
    sections,
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * B14: the access copy as two files in the export folder — the JSON (machine-readable) and the
 * same data as a readable HTML document — each whole or absent (files.ts). Making it is logged
 * as an access. The answer names the files (the screen shows the names, never the folder).
 */
export async function accessExport(ctx: ServiceContext, memberId: number): Promise<{ path: string; bytes: number; file: string; htmlPath: string; htmlFile: string }> {
  const copy = await accessCopy(ctx, memberId);
  const body = JSON.stringify(copy, null, 2);
  const stem = `innsyn-${copy.member.member_no}-${nowIso(ctx).replace(/[:.]/g, '-')}`;
  const dir = exportDir(ctx);
  const path = join(dir, `${stem}.json`);
  const htmlPath = join(dir, `${stem}.html`);
  await writeWholeFile(path, body);
  await writeWholeFile(htmlPath, accessCopyHtml(copy));
  await ctx.store.transaction(async () => {
    await recordAccess(ctx, actor(ctx).id, memberId, 'access_export', { path, htmlPath });
    await audit(ctx, { action: 'members.accessExport', channel: 'desk', memberId, details: { path, htmlPath } });
  });
  return { path, bytes: Buffer.byteLength(body), file: `${stem}.json`, htmlPath, htmlFile: `${stem}.html` };
}

/** B14: why the member cannot be erased now, or null. */
export async function erasureBlocker(ctx: ServiceContext, memberId: number): Promise<ErasureBlocker | null> {
  const db = ctx.store;
  const { kysely } = db;
  const member = await db.first(kysely.selectFrom('members').select(['id', 'anonymised_at']).where('id', '=', memberId));
  if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  if (member.anonymised_at !== null) return 'already_erased';
  // B14 decision: a member with an active subscription is a customer billing still needs.
  if ((await db.first(kysely.selectFrom('subscriptions').select('id').where('member_id', '=', memberId).where('status', '=', 'active'))) !== undefined) return 'active_subscription';
  // A redemption not yet shipped or cancelled still needs the address to be delivered.
  if ((await db.first(kysely.selectFrom('redemptions').select('id').where('member_id', '=', memberId).where('status', '=', 'registered'))) !== undefined) return 'open_redemption';
  if ((await db.first(kysely.selectFrom('held_orders').select('id').where('member_id', '=', memberId).where('status', '=', 'held'))) !== undefined) return 'held_order';
  return null;
}

const BLOCKER_TEXT: Record<ErasureBlocker, string> = {
  already_erased: 'This member has already been anonymised.',
  active_subscription: 'The member still has an active subscription; it must end before the data can be erased.',
  open_redemption: 'The member has a redemption that is neither shipped nor cancelled; ship or cancel it first.',
  held_order: 'The member has a held order; book or withdraw it first.',
};

/** B14: what erasure would do to this member and whether it may now (members.erasure). */
export async function erasurePlan(ctx: ServiceContext, memberId: number): Promise<{ blocker: ErasureBlocker | null; anonymised: AnonymisedField[]; kept: KeptField[] }> {
  return { blocker: await erasureBlocker(ctx, memberId), anonymised: [...ANONYMISED_FIELDS], kept: [...KEPT_FIELDS] };
}

const SECTION_TABLES = {
  member: 'members',
  notes: 'member_notes',
  redemptions: 'redemptions',
  heldOrders: 'held_orders',
  serviceEmails: 'service_emails',
  contactChanges: 'contact_changes',
} as const satisfies Record<CopySection, string>;

/**
 * B14: erasure. The personal fields (shared/gdpr.ts, ANONYMISED_FIELDS) are overwritten; the
 * member row, its lots and its ledger stay (KEPT_FIELDS), so every amount, balance and report
 * remains true (B12a) without saying who it was. Refused (`conflict` with its `blocker`) while a
 * subscription is active, a redemption is open or an order is held. One transaction with its
 * membership event and audit row, which names the fields blanked.
 */
export async function eraseMember(ctx: ServiceContext, memberId: number, reason: string): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    const blocker = await erasureBlocker(ctx, memberId);
    if (blocker !== null) throw new DeskError('conflict', BLOCKER_TEXT[blocker], { blocker });
    const at = nowIso(ctx);
    for (const [section, table] of Object.entries(SECTION_TABLES) as [CopySection, (typeof SECTION_TABLES)[CopySection]][]) {
      const set = Object.fromEntries(ANONYMISED_FIELDS.filter((f) => f.section === section).map((f) => [f.field, f.blank]));
      if (table === 'members') set['anonymised_at'] = at;
      if (table === 'contact_changes') set['anonymised_at'] = at;
      await db.run(kysely.updateTable(table).set(set).where(table === 'members' ? 'id' : 'member_id', '=', memberId));
    }
    await db.run(
      kysely.insertInto('membership_events').values({ member_id: memberId, kind: 'anonymised', on_date: osloDate(ctx.clock.now()), at, channel: 'desk', user_id: actor(ctx).id, ...reasonColumns(noteReason(reason)) }),
    );
    await audit(ctx, { action: 'members.erase', channel: 'desk', memberId, reason, details: { anonymised: ANONYMISED_FIELDS.map((f) => `${f.section}.${f.field}`) } });
  });
}
