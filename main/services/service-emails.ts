import { mkdirSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeskError } from '../../shared/errors.js';
import type { ServiceEmail } from '../../shared/channels/runs.js';
import { DEFAULT_SERVICE_EMAIL_TEMPLATE, renderTemplate, unknownPlaceholders, type ServiceEmailTemplate } from '../../shared/service-email-template.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext } from './context.js';
import { partialName, removeStalePartials } from './files.js';
import { exportDir } from './reports.js';

/**
 * B12: the service emails — the template supervisors edit (a row of its own in `settings`, key
 * TEMPLATE_KEY, as JSON; not one of the numeric settings), the list of emails due rendered with
 * it, marking sent, and the export of the due ones as .eml files (RFC 5322).
 */
export const TEMPLATE_KEY = 'service_email_template';

const MAX = { from: 200, subject: 200, body: 5_000 } as const;

function isTemplate(value: unknown): value is ServiceEmailTemplate {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['from'] === 'string' && typeof v['subject'] === 'string' && typeof v['body'] === 'string';
}

/** The template in force (the default until a supervisor saves one), with who last changed it. */
export async function getServiceEmailTemplate(ctx: ServiceContext): Promise<{ template: ServiceEmailTemplate; updatedAt: string | null; updatedBy: string | null }> {
  const db = ctx.store;
  const row = await db.first(db.kysely.selectFrom('settings as s').leftJoin('users as u', 'u.id', 's.updated_by').select(['s.value', 's.updated_at', 'u.display_name']).where('s.key', '=', TEMPLATE_KEY));
  let stored: unknown = null;
  try {
    stored = row === undefined ? null : JSON.parse(row.value);
  } catch {
    stored = null;
  }
  if (row === undefined || !isTemplate(stored)) return { template: DEFAULT_SERVICE_EMAIL_TEMPLATE, updatedAt: null, updatedBy: null };
  return { template: { from: stored.from, subject: stored.subject, body: stored.body }, updatedAt: row.updated_at, updatedBy: row.display_name };
}

/** B12: stores the template (a supervisor); refuses an unknown placeholder or a sender without an address. Audited with before and after. */
export async function setServiceEmailTemplate(ctx: ServiceContext, template: ServiceEmailTemplate): Promise<{ changed: boolean }> {
  for (const field of ['from', 'subject', 'body'] as const) {
    const text = template[field];
    if (text.trim() === '' || text.length > MAX[field]) throw new DeskError('invalid_input', `${field} must be 1 to ${MAX[field]} characters.`, { field });
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) throw new DeskError('invalid_input', `Unknown placeholder {{${unknown[0] ?? ''}}} in ${field}.`, { field, placeholder: unknown[0] });
  }
  if (!/<?[^\s<>@]+@[^\s<>@]+>?\s*$/.test(template.from) || /[\r\n]/.test(template.from + template.subject)) {
    throw new DeskError('invalid_input', 'The sender must end with an email address, and sender and subject be one line.', { field: 'from' });
  }
  const db = ctx.store;
  const user = actor(ctx);
  return await db.transaction(async () => {
    const before = (await getServiceEmailTemplate(ctx)).template;
    if (before.from === template.from && before.subject === template.subject && before.body === template.body) return { changed: false };
    const text = JSON.stringify({ from: template.from, subject: template.subject, body: template.body });
    const at = nowIso(ctx);
    await db.run(
      db.kysely
        .insertInto('settings')
        .values({ key: TEMPLATE_KEY, value: text, updated_at: at, updated_by: user.id })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: at, updated_by: user.id })),
    );
    await audit(ctx, { action: 'runs.setEmailTemplate', channel: 'desk', details: { before, after: template } });
    return { changed: true };
  });
}

/**
 * B12: the service emails the monthly runs listed, soonest due first. One not yet sent is
 * rendered with the template in force (as its .eml would be); a sent one shows what was sent.
 */
export async function listServiceEmails(ctx: ServiceContext, onlyUnsent: boolean, ids?: readonly number[]): Promise<ServiceEmail[]> {
  const db = ctx.store;
  const { kysely } = db;
  const { template } = await getServiceEmailTemplate(ctx);
  let query = kysely
    .selectFrom('service_emails as e')
    .innerJoin('members as m', 'm.id', 'e.member_id')
    .select(['e.id', 'e.member_id', 'm.member_no', 'm.first_name', 'm.last_name', 'm.email', 'm.balance', 'm.anonymised_at', 'e.due_on', 'e.ends_on', 'e.subject', 'e.body', 'e.sent_at'])
    .orderBy('e.due_on')
    .orderBy('e.id')
    .limit(500);
  if (onlyUnsent) query = query.where('e.sent_at', 'is', null);
  if (ids !== undefined) query = query.where('e.id', 'in', ids.length === 0 ? [0] : [...ids]);
  return (await db.all(query)).map((e) => {
    const facts = { firstName: e.first_name, lastName: e.last_name, memberNo: e.member_no, endsOn: e.ends_on, balance: e.balance };
    const message = e.sent_at === null && e.anonymised_at === null ? renderTemplate(template, facts) : { subject: e.subject, body: e.body };
    return {
      id: e.id,
      memberId: e.member_id,
      memberNo: e.member_no,
      name: `${e.first_name} ${e.last_name}`,
      email: e.email,
      dueOn: e.due_on,
      endsOn: e.ends_on,
      subject: message.subject,
      body: message.body,
      sentAt: e.sent_at,
      facts,
    };
  });
}

/** B12: records when the email went out, once, with the message as sent (it shows on the member's timeline). */
export async function markServiceEmailSent(ctx: ServiceContext, emailId: number): Promise<void> {
  await ctx.store.transaction(async () => {
    await markSentInTransaction(ctx, emailId);
  });
}

async function markSentInTransaction(ctx: ServiceContext, emailId: number): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  const row = await db.first(kysely.selectFrom('service_emails').select(['id', 'member_id', 'sent_at']).where('id', '=', emailId));
  if (row === undefined) throw new DeskError('not_found', 'No such service email.');
  if (row.sent_at !== null) throw new DeskError('conflict', `Already recorded as sent ${row.sent_at}.`);
  const [email] = await listServiceEmails(ctx, true, [emailId]);
  const message = email === undefined ? {} : { subject: email.subject, body: email.body };
  await db.run(kysely.updateTable('service_emails').set({ sent_at: nowIso(ctx), sent_by: actor(ctx).id, ...message }).where('id', '=', row.id));
  await audit(ctx, { action: 'runs.markEmailSent', channel: 'email', memberId: row.member_id, details: { emailId: row.id } });
}

// --- RFC 5322 messages ---------------------------------------------------------------------

/** RFC 2047: a header text as encoded words when it is not plain ASCII (each word at most 75 characters). */
export function encodeHeader(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 45 bytes of UTF-8 make 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" = 72.
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** An address header: the display name encoded (RFC 2047), the address as it is. */
function encodeAddress(value: string): string {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (m === null) return value.trim();
  const name = m[1] ?? '';
  return name === '' ? `<${m[2] ?? ''}>` : `${encodeHeader(name)} <${m[2] ?? ''}>`;
}

/** Quoted-printable (RFC 2045) of UTF-8 text, CRLF line ends, lines at most 76 characters. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      let out = '';
      let width = 0;
      const bytes = Buffer.from(line, 'utf8');
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const plain = (b >= 33 && b <= 126 && b !== 61) || (b === 32 && !last) || (b === 9 && !last);
        const piece = plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        if (width + piece.length > 75) {
          out += '=\r\n';
          width = 0;
        }
        out += piece;
        width += piece.length;
      });
      return out;
    })
    .join('\r\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date-time, in UTC. */
export function rfc5322Date(date: Date): string {
  return `${DAYS[date.getUTCDay()] ?? ''}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** One message as an .eml file: text/plain in UTF-8, quoted-printable. */
export function buildEml(input: { from: string; to: string; subject: string; body: string; date: Date; messageId: string }): string {
  return [
    `From: ${encodeAddress(input.from)}`,
    `To: ${encodeAddress(input.to)}`,
    `Subject: ${encodeHeader(input.subject)}`,
    `Date: ${rfc5322Date(input.date)}`,
    `Message-ID: <${input.messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(input.body),
    '',
  ].join('\r\n');
}

/**
 * B12: the unsent emails due (those with an address) as .eml files in a folder of the export
 * folder, `tjenesteeposter-<time>/<member no>-<id>.eml`. The folder is built under a temporary
 * name and renamed when every file is written (whole or absent). With `markSent`, the exported
 * ones are recorded as sent in the same transaction as the audit row.
 */
export async function exportServiceEmails(ctx: ServiceContext, input: { markSent: boolean }): Promise<{ folder: string; path: string; files: number; skipped: number; emailIds: number[] }> {
  const { template } = await getServiceEmailTemplate(ctx);
  const emails = await listServiceEmails(ctx, true);
  const withAddress = emails.filter((e): e is ServiceEmail & { email: string } => e.email !== null && e.email !== '');
  const stamp = nowIso(ctx).replace(/[:.]/g, '-');
  const folder = `tjenesteeposter-${stamp}`;
  const dir = exportDir(ctx);
  removeStalePartials(dir);
  const temp = join(dir, partialName(folder));
  const path = join(dir, folder);
  const now = ctx.clock.now();
  try {
    mkdirSync(temp);
    for (const e of withAddress) {
      const eml = buildEml({ from: template.from, to: e.email, subject: e.subject, body: e.body, date: now, messageId: `service-email-${e.id}-${stamp}@bonus-desk` });
      writeFileSync(join(temp, `${e.memberNo}-${e.id}.eml`), eml, { flush: true });
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const emailIds = withAddress.map((e) => e.id);
  await ctx.store.transaction(async () => {
    if (input.markSent) for (const id of emailIds) await markSentInTransaction(ctx, id);
    await audit(ctx, { action: 'runs.exportServiceEmails', channel: 'desk', details: { path, files: emailIds.length, skipped: emails.length - withAddress.length, markSent: input.markSent } });
  });
  return { folder, path, files: emailIds.length, skipped: emails.length - withAddress.length, emailIds };
}
