import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import { inStrictFormat, type CellKind, type CellValue } from './export-format.js';

/**
 * Issue 15: an XLSX sheet written row by row (a million members without the sheet in memory).
 * The workbook is a zip of six parts; the sheet's XML is deflated as it is made, straight into
 * the output, and the zip's sizes and CRC-32 follow each part in a data descriptor (general
 * purpose bit 3), so nothing is held back. Cells are typed as export-format.ts says (xlsxCell):
 * integers are numbers, dates are dates with the format yyyy-mm-dd, everything else is an inline
 * string (`t="inlineStr"`, never run as a formula, so its exact value is kept). The header row is
 * bold and frozen; the columns have their widths.
 *
 * Without ZIP64 a part is at most 4 GiB: a million members' sheet is about 0.3 GB before deflate.
 */

export interface XlsxColumn {
  readonly header: string;
  readonly kind: CellKind;
  readonly width: number;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, as zip uses it), continued from `crc`. */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i += 1) c = (CRC_TABLE[(c ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

// XML 1.0 forbids most control characters; a carriage return is kept as a reference (a parser
// would fold a literal one into a line feed).
// eslint-disable-next-line no-control-regex -- the control characters XML cannot hold are exactly what this removes
const XML_SPECIAL = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escapeXml = (text: string): string =>
  text.replace(XML_SPECIAL, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === '\r' ? '&#13;' : ''));

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const STYLE_HEADER = 1;
const STYLE_DATE = 2;

/** The XML of one cell, typed as xlsxCell types it (export-format.ts); '' for an empty cell. */
export function cellXml(ref: string, kind: CellKind, value: CellValue): string {
  if (value === null) return '';
  const text = String(value);
  if (kind === 'integer' && inStrictFormat(kind, text)) return `<c r="${ref}"><v>${Number(text)}</v></c>`;
  if (kind === 'date' && inStrictFormat(kind, text)) {
    const ms = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
    if (!Number.isNaN(ms)) return `<c r="${ref}" s="${STYLE_DATE}"><v>${Math.round((ms - EXCEL_EPOCH) / 86_400_000)}</v></c>`;
  }
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CONTENT_TYPES =
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>';
const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const workbook = (sheetName: string): string =>
  `${XML_HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
  `<sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>';
// Styles: 0 the default, 1 bold (the header), 2 the date format yyyy-mm-dd.
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** Thrown by a writer whose `shouldStop` said stop: the caller removes the file (files.ts). */
export class ExportStopped extends Error {
  constructor() {
    super('The export was cancelled.');
    this.name = 'ExportStopped';
  }
}

/** A zip archive written as a stream: each entry deflated on the way, the central directory at the end. */
class ZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  // The DOS time of every entry: 1980-01-01 00:00 (the file's own time is on the file).
  private readonly dosTime = 0;
  private readonly dosDate = (1 << 5) | 1;

  constructor(private readonly out: Writable) {}

  private async raw(data: Buffer): Promise<void> {
    this.offset += data.length;
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  /** One entry from its text, given in pieces (an async source writes as it is read). */
  async entry(nameText: string, pieces: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const name = Buffer.from(nameText, 'utf8');
    const offset = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(this.dosTime, 10);
    local.writeUInt16LE(this.dosDate, 12);
    local.writeUInt16LE(name.length, 26);
    await this.raw(local);
    await this.raw(name);

    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = createDeflateRaw({ level: 6 });
    deflate.on('data', (chunk: Buffer) => {
      compressed += chunk.length;
      this.offset += chunk.length;
      if (!this.out.write(chunk)) {
        deflate.pause();
        this.out.once('drain', () => deflate.resume());
      }
    });
    const ended = once(deflate, 'end');
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = async (): Promise<void> => {
      if (pendingLength === 0) return;
      const data = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      pendingLength = 0;
      crc = crc32(data, crc);
      size += data.length;
      if (!deflate.write(data)) await once(deflate, 'drain');
    };
    try {
      for await (const piece of pieces) {
        pending.push(piece);
        pendingLength += piece.length;
        if (pendingLength >= 256 * 1024) await flush();
      }
      await flush();
      deflate.end();
      await ended;
    } catch (error) {
      // A cancel or a failing source: the deflater goes too (the caller removes the file).
      ended.catch(() => undefined);
      deflate.destroy();
      throw error;
    }
    if (size > 0xffffffff || this.offset > 0xffffffff) throw new Error('The sheet is larger than a zip without ZIP64 holds (4 GiB).');
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.raw(descriptor);
    this.entries.push({ name, crc, compressed, size, offset });
  }

  /** The central directory and its end record. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: 2.0 (MS-DOS attributes)
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0808, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(this.dosTime, 12);
      header.writeUInt16LE(this.dosDate, 14);
      header.writeUInt32LE(e.crc, 16);
      header.writeUInt32LE(e.compressed, 20);
      header.writeUInt32LE(e.size, 24);
      header.writeUInt16LE(e.name.length, 28);
      header.writeUInt32LE(e.offset, 42);
      await this.raw(header);
      await this.raw(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.raw(end);
  }
}

/**
 * Writes a one-sheet workbook to `out` (which it does not end): a bold, frozen header row, then
 * one row per item of `rows`, each a value per column. `onRow` hears the count of data rows
 * written; `shouldStop`, asked between rows, ends the writing with ExportStopped.
 */
export async function writeXlsxStream(
  out: Writable,
  columns: readonly XlsxColumn[],
  rows: AsyncIterable<readonly CellValue[]> | Iterable<readonly CellValue[]>,
  options: { sheetName?: string; onRow?: (rows: number) => void; shouldStop?: () => boolean } = {},
): Promise<{ rows: number }> {
  const zip = new ZipWriter(out);
  const letters = columns.map((_, i) => columnName(i));
  await zip.entry('[Content_Types].xml', [CONTENT_TYPES]);
  await zip.entry('_rels/.rels', [ROOT_RELS]);
  await zip.entry('xl/workbook.xml', [workbook(options.sheetName ?? 'Ark1')]);
  await zip.entry('xl/_rels/workbook.xml.rels', [WORKBOOK_RELS]);
  await zip.entry('xl/styles.xml', [STYLES]);
  let count = 0;
  async function* sheet(): AsyncGenerator<string> {
    const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
    yield `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
      `<sheetFormatPr defaultRowHeight="15"/>${cols === '' ? '' : `<cols>${cols}</cols>`}<sheetData>`;
    yield `<row r="1">${columns.map((c, i) => `<c r="${letters[i] ?? ''}1" s="${STYLE_HEADER}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(c.header)}</t></is></c>`).join('')}</row>`;
    for await (const row of rows) {
      if (options.shouldStop?.() === true) throw new ExportStopped();
      const r = count + 2;
      let xml = `<row r="${r}">`;
      for (let i = 0; i < columns.length; i += 1) xml += cellXml(`${letters[i] ?? ''}${r}`, columns[i]?.kind ?? 'text', row[i] ?? null);
      yield `${xml}</row>`;
      count += 1;
      options.onRow?.(count);
    }
    yield '</sheetData></worksheet>';
  }
  await zip.entry('xl/worksheets/sheet1.xml', sheet());
  await zip.finish();
  return { rows: count };
}
