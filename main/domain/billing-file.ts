import { billingKinds, billingRejectReasons, type BillingKind, type BillingRejectReason } from '../../shared/channels/billing.js';
import { checkContact, contactFields, type ContactField } from '../../shared/contact.js';
import { isIsoDate, type IsoDate } from './time.js';

/**
 * D1: the billing feed's three files — customers, subscriptions, invoices. A header line names
 * the columns (case-insensitive, in any order; other columns are ignored), `;` or `,` delimited
 * (decided by the header line), UTF-8 with or without BOM, CRLF, LF or CR line endings, fields may
 * be quoted. Dates are YYYY-MM-DD or the Norwegian DD.MM.YYYY. Pure: it reads text and reports
 * each bad line with its number and reason (D3), as the earnings file does (B2, earnings-file.ts).
 * What a good row does to the desk is the service's (main/services/billing.ts, D2).
 */

export { billingKinds, billingRejectReasons, type BillingKind, type BillingRejectReason };

/** D1: the columns of each file, as the header line names them. */
export const billingColumns = {
  customers: ['member_no', 'first_name', 'last_name', 'address', 'postcode', 'city', 'email', 'phone', 'birth_date'],
  subscriptions: ['member_no', 'subscription_id', 'product', 'start_date', 'cancellation_date', 'next_delivery_date'],
  invoices: ['member_no', 'invoice_no', 'invoice_date', 'amount_ore', 'due_date', 'paid_date'],
} as const satisfies Record<BillingKind, readonly string[]>;

export interface BillingRejection {
  lineNo: number;
  reason: BillingRejectReason;
  /** The column the reason is about (a date, a contact field), when one. */
  field?: string | undefined;
  /** The line as it stood in the file (at most 200 characters). */
  text: string;
}

export interface CustomerRow {
  kind: 'customers';
  lineNo: number;
  memberNo: number;
  firstName: string;
  lastName: string;
  /** Normalised by the desk's contact rules (shared/contact.ts): postcode 4 digits, phone +47XXXXXXXX, email lower case. */
  address: string;
  postcode: string;
  city: string;
  email: string | null;
  phone: string | null;
  birthDate: IsoDate | null;
}

export interface SubscriptionRow {
  kind: 'subscriptions';
  lineNo: number;
  memberNo: number;
  subscriptionId: string;
  product: string;
  startDate: IsoDate;
  /** Empty while active. */
  cancellationDate: IsoDate | null;
  nextDeliveryDate: IsoDate | null;
}

export interface InvoiceRow {
  kind: 'invoices';
  lineNo: number;
  memberNo: number;
  invoiceNo: string;
  invoiceDate: IsoDate;
  amountOre: number;
  dueDate: IsoDate;
  /** Empty while unpaid. */
  paidDate: IsoDate | null;
}

export type BillingRow = CustomerRow | SubscriptionRow | InvoiceRow;

/** The header line read: the delimiter and where each column of the kind stands. */
export interface BillingHeader {
  kind: BillingKind;
  delimiter: ';' | ',';
  /** Position of each of the kind's columns, in `billingColumns[kind]` order. */
  positions: number[];
  /** How many fields the header line has: every line must have as many. */
  width: number;
}

export type HeaderResult = { ok: true; header: BillingHeader } | { ok: false; missing: string[]; found: string[] };

export const NAME_MAX = 100;
export const ID_MAX = 64;

/** The line without a BOM in front (only the first line can have one). */
export function stripBom(line: string): string {
  return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}

/** D1: the header line of a `kind` file; missing columns are named (a file of another kind misses most). */
export function readHeader(kind: BillingKind, line: string): HeaderResult {
  const text = stripBom(line);
  const delimiter = detectDelimiter(text);
  const found = splitLine(text, delimiter).map((f) => f.toLowerCase());
  const positions: number[] = [];
  const missing: string[] = [];
  for (const column of billingColumns[kind]) {
    const at = found.indexOf(column);
    if (at < 0) missing.push(column);
    positions.push(at);
  }
  if (missing.length > 0) return { ok: false, missing, found };
  return { ok: true, header: { kind, delimiter, positions, width: found.length } };
}

export function detectDelimiter(line: string): ';' | ',' {
  return (line.match(/;/g)?.length ?? 0) >= (line.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** Fields may be quoted ("a;b"); doubled quotes inside a quoted field stand for one. */
export function splitLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter).map((f) => f.trim());
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** Dates as YYYY-MM-DD or the Norwegian DD.MM.YYYY; null when not a calendar date. */
export function parseBillingDate(text: string): IsoDate | null {
  const t = text.trim();
  const nb = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t);
  const iso = nb === null ? t : `${nb[3]}-${nb[2]}-${nb[1]}`;
  return isIsoDate(iso) ? iso : null;
}

const contactReason: Record<ContactField, BillingRejectReason> = {
  address: 'bad_address',
  postcode: 'bad_postcode',
  city: 'bad_city',
  email: 'bad_email',
  phone: 'bad_phone',
};

export type LineResult = { row: BillingRow } | { rejection: BillingRejection };

/**
 * One data line of a file whose header was read. `today` (Oslo) refuses dates that have not come
 * yet where the row would act on them: a subscription that starts or is cancelled after today, a
 * birth date after today (the next file carries the row again once the day has come).
 */
export function parseBillingLine(header: BillingHeader, raw: string, lineNo: number, today: IsoDate): LineResult {
  const reject = (reason: BillingRejectReason, field?: string): LineResult => ({ rejection: { lineNo, reason, ...(field === undefined ? {} : { field }), text: raw.slice(0, 200) } });
  const fields = splitLine(raw, header.delimiter);
  if (fields.length !== header.width) return reject('bad_columns');
  const at = (i: number): string => fields[header.positions[i] ?? -1] ?? '';
  const memberText = at(0);
  if (!/^\d{1,12}$/.test(memberText) || Number(memberText) <= 0) return reject('bad_member_number', 'member_no');
  const memberNo = Number(memberText);
  const date = (i: number, column: string, required: boolean): IsoDate | null | LineResult => {
    const text = at(i);
    if (text === '') return required ? reject('bad_date', column) : null;
    return parseBillingDate(text) ?? reject('bad_date', column);
  };
  const isResult = (v: IsoDate | null | LineResult): v is LineResult => typeof v === 'object' && v !== null;
  switch (header.kind) {
    case 'customers': {
      const firstName = at(1);
      const lastName = at(2);
      if (firstName === '' || lastName === '' || firstName.length > NAME_MAX || lastName.length > NAME_MAX) return reject('missing_name', firstName === '' || firstName.length > NAME_MAX ? 'first_name' : 'last_name');
      // D1/D3: the desk's own contact rules, as for an agent's correction: the postal address is
      // required (billing sends post there), email and phone may be empty.
      const { values, problems } = checkContact({ address: at(3), postcode: at(4), city: at(5), email: at(6), phone: at(7) });
      for (const f of contactFields) if (problems[f] !== undefined) return reject(contactReason[f], f);
      const birth = date(8, 'birth_date', false);
      if (isResult(birth)) return birth;
      if (birth !== null && birth > today) return reject('future_date', 'birth_date');
      return {
        row: {
          kind: 'customers',
          lineNo,
          memberNo,
          firstName,
          lastName,
          address: values.address ?? '',
          postcode: values.postcode ?? '',
          city: values.city ?? '',
          email: values.email ?? null,
          phone: values.phone ?? null,
          birthDate: birth,
        },
      };
    }
    case 'subscriptions': {
      const subscriptionId = at(1);
      if (subscriptionId === '' || subscriptionId.length > ID_MAX) return reject('bad_subscription_id', 'subscription_id');
      const product = at(2);
      if (product === '' || product.length > NAME_MAX) return reject('missing_product', 'product');
      const start = date(3, 'start_date', true);
      if (isResult(start)) return start;
      const cancel = date(4, 'cancellation_date', false);
      if (isResult(cancel)) return cancel;
      const next = date(5, 'next_delivery_date', false);
      if (isResult(next)) return next;
      if (start === null) return reject('bad_date', 'start_date');
      // D2: a cancellation before the start is no cancellation of this subscription.
      if (cancel !== null && cancel < start) return reject('cancelled_before_start', 'cancellation_date');
      // B1: a member from the day the first subscription starts; B9 from the cancellation date — neither before the day has come.
      if (start > today) return reject('future_date', 'start_date');
      if (cancel !== null && cancel > today) return reject('future_date', 'cancellation_date');
      return { row: { kind: 'subscriptions', lineNo, memberNo, subscriptionId, product, startDate: start, cancellationDate: cancel, nextDeliveryDate: next } };
    }
    case 'invoices': {
      const invoiceNo = at(1);
      if (invoiceNo === '' || invoiceNo.length > ID_MAX) return reject('bad_invoice_no', 'invoice_no');
      const issued = date(2, 'invoice_date', true);
      if (isResult(issued)) return issued;
      const amountText = at(3);
      if (!/^\d{1,12}$/.test(amountText)) return reject('bad_amount', 'amount_ore');
      const due = date(4, 'due_date', true);
      if (isResult(due)) return due;
      const paid = date(5, 'paid_date', false);
      if (isResult(paid)) return paid;
      if (issued === null || due === null) return reject('bad_date', issued === null ? 'invoice_date' : 'due_date');
      if (due < issued) return reject('due_before_invoice', 'due_date');
      if (paid !== null && paid > today) return reject('future_date', 'paid_date');
      return { row: { kind: 'invoices', lineNo, memberNo, invoiceNo, invoiceDate: issued, amountOre: Number(amountText), dueDate: due, paidDate: paid } };
    }
  }
}

/**
 * The lines of a text with their numbers (1-based), whatever the line ending (CRLF, LF, CR), the
 * BOM left on the first line (readHeader drops it). Lazily, so a large text is not split into an
 * array of lines all at once.
 */
export function* textLines(text: string): Generator<[number, string]> {
  let lineNo = 0;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = start;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end += 1;
    }
    lineNo += 1;
    if (end >= n) {
      if (end > start) yield [lineNo, text.slice(start)];
      return;
    }
    yield [lineNo, text.slice(start, end)];
    start = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
}

export interface ParsedBillingFile {
  header: BillingHeader;
  rows: BillingRow[];
  rejections: BillingRejection[];
  /** Data lines (not blank, not the header). */
  total: number;
}

/**
 * A whole file at once (small files, tests): the header (the first line that is not blank), then
 * every data line parsed. Returns the missing columns instead when the header is not the kind's.
 */
export function parseBillingFile(kind: BillingKind, text: string, today: IsoDate): ParsedBillingFile | { missing: string[]; found: string[] } {
  let header: BillingHeader | null = null;
  const rows: BillingRow[] = [];
  const rejections: BillingRejection[] = [];
  let total = 0;
  for (const [lineNo, raw] of textLines(text)) {
    if (raw.trim() === '' || (header === null && stripBom(raw).trim() === '')) continue;
    if (header === null) {
      const read = readHeader(kind, raw);
      if (!read.ok) return { missing: read.missing, found: read.found };
      header = read.header;
      continue;
    }
    total += 1;
    const r = parseBillingLine(header, raw, lineNo, today);
    if ('row' in r) rows.push(r.row);
    else rejections.push(r.rejection);
  }
  if (header === null) return { missing: [...billingColumns[kind]], found: [] };
  return { header, rows, rejections, total };
}
