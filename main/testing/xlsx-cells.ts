import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/**
 * Reads the first sheet of an .xlsx file as the spreadsheet sees it, for tests (issue 10): each
 * cell's type as stored (a shared or inline string is text; a number with a date format is a date)
 * and its value. A zip reader over node:zlib and a few regular expressions over the sheet XML:
 * enough for the files our writer makes, not a general reader.
 */

export interface XlsxCell {
  readonly ref: string;
  readonly type: 'text' | 'number' | 'date' | 'boolean' | 'other';
  /** The text of a text cell, the stored number (as text) of the others. */
  readonly value: string;
  /** The number format of the cell's style ('' for General). */
  readonly format: string;
}

/** The files of a zip archive (stored or deflated), by the central directory. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let e = 0; e < entries; e += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`compression method ${method} of ${name}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const unescapeXml = (text: string): string =>
  text.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return String.fromCodePoint(parseInt(dec, 10));
    return NAMED[named ?? ''] ?? '';
  });

const attributes = (text: string): Record<string, string> => Object.fromEntries([...text.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', unescapeXml(m[2] ?? '')]));

/** The text of a <si> or <is>: its <t> runs joined. */
const textOf = (xml: string): string => [...xml.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1] ?? '')).join('');

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** The cells of the first sheet, by reference (A1, B2, …). */
export function readXlsxCells(path: string): Map<string, XlsxCell> {
  const files = unzip(readFileSync(path));
  const read = (name: string): string => files.get(name)?.toString('utf8') ?? '';
  const shared = [...read('xl/sharedStrings.xml').matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1] ?? ''));
  const styles = read('xl/styles.xml');
  const formats = new Map<number, string>([...styles.matchAll(/<numFmt\b([^>]*)>/g)].map((m) => {
    const a = attributes(m[1] ?? '');
    return [Number(a.numFmtId), a.formatCode ?? ''];
  }));
  const xfs = [...(/<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf\b([^>]*)>/g)].map((m) => Number(attributes(m[1] ?? '').numFmtId ?? 0));
  const sheet = read('xl/worksheets/sheet1.xml');
  const cells = new Map<string, XlsxCell>();
  for (const m of sheet.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const a = attributes(m[1] ?? '');
    const body = m[2] ?? '';
    const ref = a.r ?? '';
    const formatId = xfs[Number(a.s ?? 0)] ?? 0;
    const format = formats.get(formatId) ?? (BUILT_IN_DATE_FORMATS.has(formatId) ? `built-in ${formatId}` : '');
    const v = unescapeXml(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '');
    if (a.t === 's') cells.set(ref, { ref, type: 'text', value: shared[Number(v)] ?? '', format });
    else if (a.t === 'inlineStr') cells.set(ref, { ref, type: 'text', value: textOf(body), format });
    else if (a.t === 'str') cells.set(ref, { ref, type: 'text', value: v, format });
    else if (a.t === 'b') cells.set(ref, { ref, type: 'boolean', value: v, format });
    else if (a.t === undefined || a.t === 'n') {
      const isDate = BUILT_IN_DATE_FORMATS.has(formatId) || /(^|[^"\\])[ymd]/i.test(format.replace(/"[^"]*"/g, ''));
      cells.set(ref, { ref, type: isDate ? 'date' : 'number', value: v, format });
    } else cells.set(ref, { ref, type: 'other', value: v, format });
  }
  return cells;
}
