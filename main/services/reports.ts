import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import writeXlsxFile from 'write-excel-file/node';
import { DeskError } from '../../shared/errors.js';
import { noteReason, reasonColumns } from '../../shared/reasons.js';
import { membershipStates, type MembershipState } from '../../shared/channels/members.js';
import type { LiabilityReport } from '../../shared/channels/reports.js';
import { expiryRunMonth } from '../domain/explain.js';
import { addMonths, monthOf, osloDate } from '../domain/time.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';

/**
 * Reports for managers: the points liability, the member report (CSV/XLSX) and the GDPR access
 * copy of one member (B14). Exports stream rows (`store.stream`) so a million members do not
 * sit in memory (XLSX, which is built in memory by its writer, is the exception).
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

const HEADER = ['Medlemsnr.', 'Fornavn', 'Etternavn', 'E-post', 'Telefon', 'Adresse', 'Postnr.', 'Sted', 'Status', 'Saldo', 'Medlem siden', 'Sagt opp'] as const;

/** OWASP CSV injection: a cell that a spreadsheet would run as a formula starts with '. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
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
  if (input.format === 'csv') {
    const out = createWriteStream(path, { encoding: 'utf8' });
    // A BOM and ';' so Excel with Norwegian settings opens it as columns with æøå intact.
    out.write('\uFEFF');
    const csv = stringify({ delimiter: ';', record_delimiter: '\r\n' });
    csv.pipe(out);
    csv.write([...HEADER]);
    for await (const r of rows) {
      const record = [String(r.member_no), r.first_name, r.last_name, r.email ?? '', r.phone ?? '', r.address ?? '', r.postcode ?? '', r.city ?? '', r.state, String(r.balance), r.enrolled_on, r.cancelled_on ?? ''];
      if (!csv.write(record.map(neutralise))) await once(csv, 'drain');
      count += 1;
      if (count % 50_000 === 0) onProgress(count);
    }
    csv.end();
    await once(out, 'finish');
  } else {
    const sheet: (string | number | null)[][] = [[...HEADER]];
    for await (const r of rows) {
      sheet.push([r.member_no, r.first_name, r.last_name, r.email, r.phone, r.address, r.postcode, r.city, r.state, r.balance, r.enrolled_on, r.cancelled_on]);
      count += 1;
      if (count % 50_000 === 0) onProgress(count);
    }
    await writeXlsxFile(sheet).toFile(path);
  }
  onProgress(count);
  await ctx.store.transaction(async () => audit(ctx, { action: 'reports.exportMembers', channel: 'desk', details: { path, rows: count, format: input.format, state: input.state ?? null } }));
  return { path, rows: count };
}

/**
 * B14: everything held about one member — profile, subscriptions, invoices, lots, ledger,
 * redemptions, notes, membership events, service emails and who looked at them — as JSON.
 * The export itself is logged as an access.
 */
export async function accessExport(ctx: ServiceContext, memberId: number): Promise<{ path: string; bytes: number }> {
  const db = ctx.store;
  const k = db.kysely;
  const member = await db.first(k.selectFrom('members').selectAll().where('id', '=', memberId));
  if (member === undefined) throw new DeskError('not_found', `No member with id ${memberId}.`);
  type Owned = 'subscriptions' | 'invoices' | 'point_lots' | 'ledger_entries' | 'redemptions' | 'member_notes' | 'membership_events' | 'service_emails' | 'held_orders';
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
  writeFileSync(path, body, 'utf8');
  await ctx.store.transaction(async () => {
    await db.run(k.insertInto('member_access_log').values({ at: nowIso(ctx), user_id: actor(ctx).id, member_id: memberId, action: 'access_export' }));
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
    await db.run(
      kysely.insertInto('membership_events').values({ member_id: memberId, kind: 'anonymised', on_date: osloDate(ctx.clock.now()), at: nowIso(ctx), channel: 'desk', user_id: actor(ctx).id, ...reasonColumns(noteReason(reason)) }),
    );
    await audit(ctx, { action: 'members.erase', channel: 'desk', memberId, reason });
  });
}
