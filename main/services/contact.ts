import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { IsoDate } from '../../shared/contract-kit.js';
import { DeskError } from '../../shared/errors.js';
import { checkContact, contactFields, type ContactDetails, type ContactField, type ContactInput, type ContactProblem } from '../../shared/contact.js';
import type { ContactChange } from '../../shared/channels/contact.js';
import type { TimelineItem } from '../../shared/channels/membership.js';
import { osloDate, osloInstant, osloTime } from '../domain/time.js';
import { audit, recordBulkAccess } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';
import { csvCell, CSV_OPTIONS, type CellKind } from './export-format.js';
import { writeWhole } from './files.js';
import { exportDir } from './reports.js';

/**
 * D3 and the role table: an agent corrects a caller's contact details (address, postcode, place,
 * email, phone) from the member page after checking who is calling. The correction is one
 * transaction: the member row, one audit row naming the changed fields, and one `contact_changes`
 * row per changed field with its value before and after, who and when (migration 0009). The
 * billing team gets those rows as a CSV (`npm run desk -- export contact-changes`), so the billing
 * system and the desk come back into agreement.
 *
 * Decisions (docs/rules.md, D3):
 * - The fields are checked and normalised by the shared rules (shared/contact.ts): postcode 4
 *   digits, phone +47 and 8 digits, email trimmed and lower case; the postal address cannot be
 *   cleared, email and phone can. Every problem is reported at once, each on its field.
 * - Only the fields whose stored value differs count as changed. A correction that changes
 *   nothing stores nothing (no audit row, no change rows) and answers `changed: []` (the other
 *   desks still hear `members` for the member, as after any successful write, and re-read it).
 * - The audit row keeps the member's id and the names of the changed fields, never the values
 *   (docs/security.md: audit rows keep no contact details, so erasure leaves the chain whole);
 *   the values live in `contact_changes`, which B14's erasure blanks.
 * - An erased (anonymised) member's details are not corrected (`conflict`).
 */

/** The English message of each problem (logs, the command line); the renderer has its own texts. */
const problemMessages: Record<ContactProblem, string> = {
  required: 'must be filled in',
  addressLong: 'is too long (at most 120 characters)',
  postcodeFormat: 'must be exactly 4 digits',
  cityLong: 'is too long (at most 60 characters)',
  cityFormat: 'must be a place name (letters)',
  emailInvalid: 'is not a valid email address',
  emailLong: 'is too long (at most 254 characters)',
  phoneFormat: 'must be a Norwegian number of 8 digits (e.g. 912 34 567 or +47 912 34 567)',
  phoneNotNorwegian: 'must be a Norwegian number (+47); numbers from other countries are not taken',
};

const fieldNames: Record<ContactField, string> = { address: 'The address', postcode: 'The postcode', city: 'The place', email: 'The email address', phone: 'The phone number' };

export interface ContactUpdate extends ContactInput {
  memberId: number;
  channel: 'phone' | 'email';
}

export interface ContactUpdateResult {
  changed: ContactField[];
  contact: ContactDetails;
}

/** D3: correct a member's contact details (see the module comment for the rules). */
export async function updateContact(ctx: ServiceContext, input: ContactUpdate): Promise<ContactUpdateResult> {
  const user = actor(ctx);
  const given: ContactInput = {};
  for (const field of contactFields) if (input[field] !== undefined) given[field] = input[field];
  const { values, problems } = checkContact(given);
  const wrong = contactFields.filter((f) => problems[f] !== undefined);
  const first = wrong[0];
  if (first !== undefined) {
    const p = problems[first] ?? 'required';
    throw new DeskError('invalid_input', `${fieldNames[first]} ${problemMessages[p]}.${wrong.length > 1 ? ` (${wrong.length} fields are not valid.)` : ''}`, {
      field: first,
      problem: p,
      fields: problems,
    });
  }
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const member = await db.first(kysely.selectFrom('members').select(['id', 'anonymised_at', ...contactFields]).where('id', '=', input.memberId));
    if (member === undefined) throw new DeskError('not_found', `No member with id ${input.memberId}.`);
    if (member.anonymised_at !== null) throw new DeskError('conflict', 'This member’s personal data has been erased; there are no contact details to correct.', { anonymised: true });
    const before: ContactDetails = { address: member.address, postcode: member.postcode, city: member.city, email: member.email, phone: member.phone };
    const changed = contactFields.filter((f) => f in values && values[f] !== undefined && values[f] !== before[f]);
    if (changed.length === 0) return { changed, contact: before };
    const after: ContactDetails = { ...before };
    for (const f of changed) after[f] = values[f] ?? null;
    const patch: Partial<ContactDetails> = {};
    for (const f of changed) patch[f] = after[f];
    await db.run(kysely.updateTable('members').set(patch).where('id', '=', member.id));
    // The audit row names the fields only; the values are in contact_changes (see above).
    const auditId = await audit(ctx, { action: 'members.updateContact', channel: input.channel, memberId: member.id, details: { fields: changed, identityChecked: true } });
    const at = nowIso(ctx);
    for (const field of changed) {
      await db.run(
        kysely
          .insertInto('contact_changes')
          .values({ member_id: member.id, audit_id: auditId, changed_at: at, user_id: user.id, field, before: before[field], after: after[field], channel: input.channel }),
      );
    }
    return { changed, contact: after };
  });
}

/**
 * D3: the member's contact corrections for the timeline, one item per correction (its audit row),
 * naming the fields (never the values: the page shows the current ones), who and when.
 */
export async function contactTimeline(ctx: ServiceContext, memberId: number, limit: number): Promise<TimelineItem[]> {
  const db = ctx.store;
  const rows = await db.all(
    db.kysely
      .selectFrom('contact_changes as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.id', 'c.audit_id', 'c.changed_at', 'c.field', 'c.channel', 'u.display_name'])
      .where('c.member_id', '=', memberId)
      .orderBy('c.id', 'desc')
      // At most one row per field per correction.
      .limit(limit * contactFields.length),
  );
  const sets = new Map<number, { at: string; channel: string; author: string; fields: Set<ContactField>; refId: number }>();
  for (const r of rows) {
    const set = sets.get(r.audit_id) ?? { at: r.changed_at, channel: r.channel, author: r.display_name, fields: new Set<ContactField>(), refId: r.audit_id };
    set.fields.add(r.field);
    sets.set(r.audit_id, set);
  }
  return [...sets.values()].slice(0, limit).map((s) => ({
    at: s.at,
    on: osloDate(new Date(s.at)),
    kind: 'contact' as const,
    type: 'contact_changed',
    points: null,
    text: contactFields.filter((f) => s.fields.has(f)).join(','),
    reasonCode: null,
    reasonParams: null,
    note: null,
    channel: s.channel,
    author: s.author,
    refId: s.refId,
  }));
}

/** The first instant of an Oslo day, as stored (UTC ISO); refuses what is not a calendar date. */
function startOfOsloDay(since: string): string {
  if (!IsoDate.safeParse(since).success) throw new DeskError('invalid_input', `--since ${since} is not a date (YYYY-MM-DD).`, { field: 'since' });
  try {
    return osloInstant(since, '00:00').toISOString();
  } catch {
    throw new DeskError('invalid_input', `--since ${since} is not a date of the calendar.`, { field: 'since' });
  }
}

/** The changes since 00:00 Oslo on `since`, of members not erased: what the list counts, pages and exports. */
function changesFrom(ctx: ServiceContext, since: string) {
  return (
    ctx.store.kysely
      .selectFrom('contact_changes as c')
      .where('c.changed_at', '>=', startOfOsloDay(since))
      // Erased members (B14) are not sent: their values are gone, and billing erases on its own.
      .where('c.anonymised_at', 'is', null)
  );
}

function changesSince(ctx: ServiceContext, since: string) {
  return changesFrom(ctx, since)
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.member_id', 'm.member_no', 'm.first_name', 'm.last_name', 'c.changed_at', 'c.field', 'c.before', 'c.after', 'c.channel', 'u.display_name', 'u.username'])
    .orderBy('c.changed_at')
    .orderBy('c.id');
}

type ChangeRow = {
  id: number;
  member_id: number;
  member_no: number;
  first_name: string;
  last_name: string;
  changed_at: string;
  field: ContactField;
  before: string | null;
  after: string | null;
  channel: string;
  display_name: string;
  username: string;
};

const changedBy = (r: ChangeRow): string => `${r.display_name} (${r.username})`;

function toChange(r: ChangeRow): ContactChange {
  return {
    id: r.id,
    memberId: r.member_id,
    memberNo: r.member_no,
    memberName: `${r.first_name} ${r.last_name}`,
    changedAt: r.changed_at, field: r.field, before: r.before, after: r.after, changedBy: changedBy(r), channel: r.channel };
}

/**
 * D3 for a screen (`reports.contactChanges`, managers: the report page's Kontaktendringer): the
 * changes since an Oslo day, oldest first, one page (`offset`, at most `limit`) with the exact
 * count of all of them. The rows are append-only and come oldest first, so a page stays where it
 * was while agents add changes at the end. B14: the page carries members' contact details, so each
 * read is one access row.
 */
export async function listContactChanges(ctx: ServiceContext, since: string, limit: number, offset = 0): Promise<{ items: ContactChange[]; truncated: boolean; total: number }> {
  // One read transaction: the count and the page see the same rows.
  const { total, rows } = await ctx.store.transaction(async () => {
    const counted = await ctx.store.first(changesFrom(ctx, since).select((eb) => eb.fn.countAll<number>().as('n')));
    return { total: Number(counted?.n ?? 0), rows: await ctx.store.all(changesSince(ctx, since).limit(limit).offset(offset)) };
  }, 'read');
  const items = rows.map(toChange);
  await recordBulkAccess(ctx, 'contact_changes', { since, offset, rows: items.length });
  return { items, truncated: offset + items.length < total, total };
}

/** The CSV columns for billing: member number, when (UTC ISO and Oslo wall time), field, before, after, by whom. */
const COLUMNS = ['Medlemsnr.', 'Endret (UTC)', 'Endret (Oslo-tid)', 'Felt', 'Før', 'Etter', 'Endret av'] as const;

/** A value's cell kind: phones and postcodes in their strict format are written as they are, the rest is guarded text. */
const valueKind = (field: ContactField): CellKind => (field === 'phone' ? 'phone' : field === 'postcode' ? 'postcode' : 'text');

/**
 * D3: the billing export. Every change since the Oslo day `since` (00:00 Oslo), oldest first, as
 * CSV (RFC 4180 with `;`, CRLF and a BOM, like the member report; free text guarded against
 * formulas, export-format.ts), written whole or not at all (files.ts: a temporary name, fsync,
 * rename). The command line acts as the system and logs no access (B14: an access row needs a
 * user); a signed-in caller's export is logged. Audited either way.
 */
export async function exportContactChanges(ctx: ServiceContext, input: { since: string; path: string }): Promise<{ path: string; rows: number; bytes: number }> {
  const query = changesSince(ctx, input.since);
  let rows = 0;
  async function* records(): AsyncGenerator<string[]> {
    yield [...COLUMNS];
    for await (const r of ctx.store.stream(query) as AsyncIterable<ChangeRow>) {
      const at = new Date(r.changed_at);
      yield [
        csvCell('memberNo', r.member_no),
        csvCell('text', r.changed_at),
        csvCell('text', `${osloDate(at)} ${osloTime(at)}`),
        csvCell('code', r.field),
        csvCell(valueKind(r.field), r.before),
        csvCell(valueKind(r.field), r.after),
        csvCell('text', changedBy(r)),
      ];
      rows += 1;
    }
  }
  const written = await writeWhole(input.path, (out) => pipeline(Readable.from(records()), stringify(CSV_OPTIONS), out));
  await ctx.store.transaction(async () => {
    await recordBulkAccess(ctx, 'export_contact_changes', { since: input.since, rows, path: written.path });
    await audit(ctx, { action: 'reports.contactChanges', channel: ctx.user === null ? 'system' : 'desk', details: { since: input.since, rows, path: written.path } });
  });
  return { path: written.path, rows, bytes: written.bytes };
}

/**
 * D3 from the report page (`reports.exportContactChanges`, managers): the same CSV as the command
 * line's, written whole into the export folder (as the member report and the GDPR copy) under a
 * name main makes — `kontaktendringer-fra-<since>-<time>.csv` — so the page never names a path.
 */
export async function exportContactChangesToFolder(ctx: ServiceContext, since: string): Promise<{ path: string; rows: number; bytes: number }> {
  // Refuse a day that is not one before a file is named after it.
  startOfOsloDay(since);
  const stamp = nowIso(ctx).replace(/[:.]/g, '-');
  return await exportContactChanges(ctx, { since, path: join(exportDir(ctx), `kontaktendringer-fra-${since}-${stamp}.csv`) });
}
