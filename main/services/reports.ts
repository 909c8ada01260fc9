import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import writeXlsxFile from 'write-excel-file/node';
import { DeskError } from '../../shared/errors.js';
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
 * at them — as JSON.
 * The export itself is logged as an access.
 */
export async function accessExport(ctx: ServiceContext, memberId: number): Promise<{ path: string; bytes: number }> {
  const db = ctx.store;
  const k = db.kysely;
  const member = await db.first(k.selectFrom('members').selectAll().where('id', '=', memberId));
  if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  type Owned = 'subscriptions' | 'invoices' | 'point_lots' | 'ledger_entries' | 'redemptions' | 'member_notes' | 'membership_events' | 'service_emails' | 'held_orders' | 'contact_changes';
  const all = (table: Owned): Promise<unknown[]> => db.all(k.selectFrom(table).selectAll().where('member_id', '=', memberId).orderBy('id'));
  const copy = {
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
  const body = JSON.stringify(copy, null, 2);
  const path = join(exportDir(ctx), `innsyn-${member.member_no}-${nowIso(ctx).replace(/[:.]/g, '-')}.json`);
  await writeWholeFile(path, body);
  await ctx.store.transaction(async () => {
    await recordAccess(ctx, actor(ctx).id, memberId, 'access_export', { path });
    await audit(ctx, { action: 'members.accessExport', channel: 'desk', memberId, details: { path } });
  });
  return { path, bytes: Buffer.byteLength(body) };
}

/**
 * B14: erasure. Personal fields are overwritten; the member row, its lots and its ledger stay,
 * so every amount, balance and report remains true (B12a) without saying who it was. A member
 * with an active subscription is a customer billing still needs: end the subscription first.
 */
export async function eraseMember(ctx: ServiceContext, memberId: number, reason: string): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select(['id', 'anonymised_at']).where('id', '=', memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
    if (member.anonymised_at !== null) throw new DeskError('conflict', 'This member has already been anonymised.');
    const active = await db.first(kysely.selectFrom('subscriptions').select('id').where('member_id', '=', memberId).where('status', '=', 'active'));
    if (active !== undefined) throw new DeskError('conflict', 'The member still has an active subscription; it must end before the data can be erased.');
    await db.run(
      kysely
        .updateTable('members')
        .set({ first_name: 'Anonymisert', last_name: 'medlem', email: null, phone: null, address: null, postcode: null, city: null, birth_date: null, anonymised_at: nowIso(ctx) })
        .where('id', '=', memberId),
    );
    await db.run(kysely.updateTable('member_notes').set({ body: '[slettet ved anonymisering]' }).where('member_id', '=', memberId));
    await db.run(kysely.updateTable('redemptions').set({ email_from: null, email_subject: null }).where('member_id', '=', memberId));
    await db.run(kysely.updateTable('held_orders').set({ email_from: 'anonymisert', email_subject: '' }).where('member_id', '=', memberId));
    await db.run(kysely.updateTable('service_emails').set({ subject: '[anonymisert]', body: '[anonymisert]' }).where('member_id', '=', memberId));
    // D3/B14: the contact corrections keep field, who and when; their values are blanked (migration 0009 allows only this).
    await db.run(kysely.updateTable('contact_changes').set({ before: null, after: null, anonymised_at: nowIso(ctx) }).where('member_id', '=', memberId));
    await db.run(
      kysely.insertInto('membership_events').values({ member_id: memberId, kind: 'anonymised', on_date: osloDate(ctx.clock.now()), at: nowIso(ctx), channel: 'desk', user_id: actor(ctx).id, ...reasonColumns(noteReason(reason)) }),
    );
    await audit(ctx, { action: 'members.erase', channel: 'desk', memberId, reason });
  });
}
