import type { Options as CsvOptions } from 'csv-stringify';
import type { Cell } from 'write-excel-file/node';

/**
 * How a value goes into an export cell (issue 10, "Exports that open right"). Every column of an
 * export has a kind; the kind decides the CSV text, the formula guard and the XLSX cell type.
 *
 * - `text`: free text a person typed (names, addresses, city, email, notes, subjects). The only
 *   kind the formula guard (neutralise) touches.
 * - `memberNo`, `phone`, `postcode`, `code` (a fixed word such as a state), `integer`, `date`
 *   (YYYY-MM-DD): values with a strict format. A value in its strict format cannot be a formula
 *   and is written as it is (a phone `+4791234567` stays `+4791234567`, a balance `-300` stays
 *   `-300`); a value that breaks its format (old data) is treated as free text.
 *
 * CSV (RFC 4180, with `;` as the delimiter for Excel with Norwegian settings): UTF-8 with a BOM;
 * every record, the last one included, ends with CRLF; a field holding a line feed, a carriage
 * return, a quote or `;` is quoted and its quotes doubled. A CSV cell has no type: a spreadsheet
 * guesses, so a postcode `0150` is written as its four digits and must be imported as text to
 * keep its leading zero (docs/operations.md).
 *
 * XLSX: member numbers, phones, postcodes, codes and text are text cells, integers are numbers,
 * dates are dates with the format yyyy-mm-dd. A text cell is never run as a formula, so XLSX
 * cells keep their exact value and the guard is not applied there.
 */

export type CellKind = 'text' | 'memberNo' | 'phone' | 'postcode' | 'code' | 'integer' | 'date';

export type CellValue = string | number | null;

const STRICT: Record<Exclude<CellKind, 'text'>, RegExp> = {
  memberNo: /^[1-9][0-9]*$/,
  phone: /^\+?[0-9]{3,15}$/,
  postcode: /^[0-9]{4}$/,
  code: /^[a-z][a-z_]*$/,
  integer: /^-?[0-9]+$/,
  date: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/,
};

/**
 * OWASP CSV injection: a cell a spreadsheet would run as a formula. It starts with = + - @ (also
 * after leading white space, and in the full-width and small forms U+FF1D U+FF0B U+FF0D U+FF20,
 * U+FE66 U+FE62 U+FE63 U+FE6B, which spreadsheets may fold to the ASCII ones), or with a tab, a
 * carriage return or a line feed.
 */
const FORMULA = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B])/u;

/** The formula guard for free text: a cell that could run as a formula gets a leading '. */
export function neutralise(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

/** True when the value has the strict format of its kind (free text has none). */
export function inStrictFormat(kind: CellKind, value: string): boolean {
  return kind !== 'text' && STRICT[kind].test(value);
}

/** The CSV text of a cell: the formula guard for free text and for anything out of its format. */
export function csvCell(kind: CellKind, value: CellValue): string {
  if (value === null) return '';
  const text = String(value);
  return inStrictFormat(kind, text) ? text : neutralise(text);
}

/** csv-stringify settings for RFC 4180 with `;`, CRLF and a BOM (see above). */
export const CSV_OPTIONS: CsvOptions = {
  bom: true,
  delimiter: ';',
  quote: '"',
  escape: '"',
  record_delimiter: '\r\n',
  // With a record delimiter given, csv-stringify quotes only a field holding all of "\r\n":
  // a bare line feed or carriage return would split the record. Quote both.
  quote_record_delimiter: true,
  quoted_match: /[\r\n]/,
};

/** A row of an XLSX sheet (write-excel-file). */
export type XlsxRow = Cell[];

/** The XLSX cell of a value: typed by its kind (see above). */
export function xlsxCell(kind: CellKind, value: CellValue): Cell {
  if (value === null) return null;
  const text = String(value);
  if (kind === 'integer' && inStrictFormat(kind, text)) return { type: Number, value: Number(text) };
  if (kind === 'date' && inStrictFormat(kind, text)) {
    const date = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(date.getTime())) return { type: Date, value: date, format: 'yyyy-mm-dd' };
  }
  return { type: String, value: text };
}

/** One column of an export: its header, its kind, its value from a row, its XLSX width. */
export interface ExportColumn<R> {
  readonly header: string;
  readonly kind: CellKind;
  readonly width: number;
  readonly value: (row: R) => CellValue;
}
