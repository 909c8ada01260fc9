import { isIsoDate, type IsoDate } from './time.js';

/**
 * B2: the billing side's earnings file. Columns: member number, product code, quantity,
 * delivery date. `;` or `,` delimited, UTF-8 with or without BOM, CRLF or LF, an optional
 * header line. Pure: it reads text and reports each bad line with its number and reason.
 */

export type RejectReason =
  | 'bad_columns'
  | 'bad_member_number'
  | 'bad_quantity'
  | 'bad_date'
  | 'future_date'
  | 'unknown_member'
  | 'unknown_product'
  | 'product_not_earning'
  | 'outside_earning_period'
  | 'member_opted_out'
  | 'member_not_active';

export interface EarningsLine {
  lineNo: number;
  memberNo: number;
  productCode: string;
  quantity: number;
  deliveredOn: IsoDate;
}

export interface Rejection {
  lineNo: number;
  reason: RejectReason;
  text: string;
}

export interface ParsedFile {
  lines: EarningsLine[];
  rejections: Rejection[];
  total: number;
}

const HEADER = /^\s*"?(medlem|member|kunde)/i;

/** Dates as YYYY-MM-DD or the Norwegian DD.MM.YYYY. */
function parseDate(text: string): IsoDate | null {
  const t = text.trim();
  const nb = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t);
  const iso = nb === null ? t : `${nb[3]}-${nb[2]}-${nb[1]}`;
  return isIsoDate(iso) ? iso : null;
}

function splitLine(line: string, delimiter: string): string[] {
  // Fields may be quoted ("a;b"); doubled quotes inside a quoted field stand for one.
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

export function detectDelimiter(firstLine: string): ';' | ',' {
  return (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export function parseEarningsFile(text: string, today: IsoDate): ParsedFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = body.split(/\r\n|\n|\r/);
  const firstContent = rawLines.find((l) => l.trim() !== '') ?? '';
  const delimiter = detectDelimiter(firstContent);
  const lines: EarningsLine[] = [];
  const rejections: Rejection[] = [];
  let total = 0;
  rawLines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') return;
    if (lines.length === 0 && rejections.length === 0 && HEADER.test(raw)) return;
    total += 1;
    const reject = (reason: RejectReason): void => {
      rejections.push({ lineNo, reason, text: raw.slice(0, 200) });
    };
    const fields = splitLine(raw, delimiter);
    if (fields.length !== 4) return reject('bad_columns');
    const [memberText = '', productCode = '', quantityText = '', dateText = ''] = fields;
    if (!/^\d{1,12}$/.test(memberText)) return reject('bad_member_number');
    if (!/^\d{1,6}$/.test(quantityText) || Number(quantityText) <= 0) return reject('bad_quantity');
    const deliveredOn = parseDate(dateText);
    if (deliveredOn === null) return reject('bad_date');
    if (deliveredOn > today) return reject('future_date');
    if (productCode === '') return reject('unknown_product');
    lines.push({ lineNo, memberNo: Number(memberText), productCode, quantity: Number(quantityText), deliveredOn });
  });
  return { lines, rejections, total };
}

/**
 * B2: a row's canonical key — member number, product code, delivery date, quantity — the same
 * whatever the delimiter, quoting, date format (DD.MM.YYYY or ISO), leading zeros, BOM or line
 * ending the file used. Two rows with one key are the same delivery.
 */
export function rowKey(line: Pick<EarningsLine, 'memberNo' | 'productCode' | 'deliveredOn' | 'quantity'>): string {
  return `${line.memberNo}|${line.productCode}|${line.deliveredOn}|${line.quantity}`;
}

/**
 * B2: the file's rows in canonical form (sorted keys, one a line, repeats included), the text a
 * fingerprint is taken of; null when the file has no readable row at all (nothing to compare).
 */
export function canonicalRows(lines: readonly EarningsLine[]): string | null {
  if (lines.length === 0) return null;
  return lines
    .map(rowKey)
    .sort()
    .join('\n');
}
