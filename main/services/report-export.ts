import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ReportExport } from '../../shared/channels/manager-reports.js';
import { audit, recordBulkAccess } from './audit.js';
import type { ServiceContext } from './context.js';
import { nowIso } from './context.js';
import { csvCell, CSV_OPTIONS, type CellValue, type ExportColumn } from './export-format.js';
import { writeWhole } from './files.js';
import { activityReport, correctionRows, memberCount, memberRows, pointsLiability, redemptionsReport, type MemberExportRow } from './manager-reports.js';
import { exportDir } from './reports.js';
import { ExportStopped, writeXlsxStream } from './xlsx-stream.js';

/**
 * Issue 15: every manager report as CSV or XLSX, from the screen (`reports.export`, into the
 * export folder) and the command line (`desk export REPORT --out PATH`). The same columns and
 * cell kinds either way (export-format.ts: `;`, CRLF, a BOM, free text guarded against formulas;
 * XLSX typed). Files are whole or absent (files.ts). The member and correction rows are streamed
 * from the store into either format: XLSX through xlsx-stream.ts, row by row into the zip, so a
 * million members never sit in memory. The member report runs as a job in the worker
 * (`reports.exportJob`, job-worker.ts) with progress and cancel; a cancelled export leaves no file.
 */

type Row = Record<string, string | number | null>;

interface Table {
  name: string;
  /** The sheet's name in the XLSX (at most 31 characters). */
  sheet: string;
  columns: readonly ExportColumn<Row>[];
  rows: AsyncIterable<Row> | Iterable<Row>;
}

const col = (header: string, key: string, kind: ExportColumn<Row>['kind'], width = 14): ExportColumn<Row> => ({ header, kind, width, value: (r) => r[key] ?? null });

async function tableOf(ctx: ServiceContext, input: ReportExport): Promise<Table> {
  switch (input.report) {
    case 'liability': {
      const r = await pointsLiability(ctx, input.asOf);
      const rows: Row[] = [
        { part: 'utestaende', key: r.asOf, points: r.outstanding, withheld: r.withheld },
        { part: 'venter_utlop', key: r.asOf, points: r.awaitingExpiry, withheld: null },
        ...r.byYear.map((y) => ({ part: 'opptjent_aar', key: String(y.year), points: y.outstanding, withheld: y.withheld })),
        ...r.expiring.map((e) => ({ part: 'utloper_kjoring', key: e.runMonth, points: e.outstanding, withheld: e.withheld })),
      ];
      return { name: `poengforpliktelse-${r.asOf}`, sheet: 'Poengforpliktelse', columns: [col('Del', 'part', 'code', 16), col('Gruppe', 'key', 'text', 12), col('Poeng', 'points', 'integer'), col('Tilbakeholdt', 'withheld', 'integer')], rows };
    }
    case 'activity': {
      const r = await activityReport(ctx, input.from, input.to);
      const headers: [string, string][] = [
        ['Måned', 'month'], ['Opptjent', 'earned'], ['Innløst', 'redeemed'], ['Tilbakeført', 'returned'], ['Utløpt', 'expired'], ['Kuttet', 'capped'], ['Slettet', 'deleted'],
        ['Fortapt', 'forfeited'], ['Holdt tilbake', 'withheld'], ['Frigitt', 'released'], ['Korrigert', 'corrected'], ['Netto', 'net'], ['Posteringer', 'entries'],
      ];
      return { name: `aktivitet-${input.from}-${input.to}`, sheet: 'Aktivitet', columns: headers.map(([h, k]) => col(h, k, k === 'month' ? 'text' : 'integer')), rows: r.months.map((m) => ({ ...m })) };
    }
    case 'redemptions': {
      const r = await redemptionsReport(ctx, input.from, input.to);
      const rows: Row[] = [
        ...r.months.map((m) => ({ part: 'maaned', key: m.month, orders: m.orders, points: m.points, units: null, phone: m.phone, email: m.email, next: m.nextDelivery, separate: m.separate, cancelled: m.cancelled })),
        ...r.products.map((p) => ({ part: 'produkt', key: `${p.sku} ${p.name}`, orders: p.orders, points: p.points, units: p.units })),
        ...r.cancellations.map((c) => ({ part: 'kansellering', key: c.reason, orders: c.count, points: c.points })),
      ];
      const columns = [
        col('Del', 'part', 'code', 14), col('Gruppe', 'key', 'text', 30), col('Ordrer', 'orders', 'integer'), col('Poeng', 'points', 'integer'), col('Enheter', 'units', 'integer'),
        col('Telefon', 'phone', 'integer'), col('E-post', 'email', 'integer'), col('Neste levering', 'next', 'integer'), col('Separat', 'separate', 'integer'), col('Kansellert', 'cancelled', 'integer'),
      ];
      return { name: `innlosninger-${input.from}-${input.to}`, sheet: 'Innløsninger', columns, rows };
    }
    case 'corrections': {
      const rows = (async function* () {
        for await (const c of correctionRows(ctx, input.from, input.to)) {
          yield { entry: c.entryId, memberNo: c.memberNo, kind: c.kind, amount: c.amount, on: c.effectiveOn, at: c.occurredAt, asked: c.requestedBy, approved: c.approvedBy, code: c.reasonCode, note: c.note } satisfies Row;
        }
      })();
      const columns = [
        col('Postering', 'entry', 'integer', 10), col('Medlemsnr.', 'memberNo', 'memberNo', 12), col('Type', 'kind', 'code', 18), col('Poeng', 'amount', 'integer', 10), col('Dato', 'on', 'date', 12),
        col('Tidspunkt (UTC)', 'at', 'text', 24), col('Bedt om av', 'asked', 'text', 20), col('Godkjent av', 'approved', 'text', 20), col('Årsak', 'code', 'code', 18), col('Merknad', 'note', 'text', 40),
      ];
      return { name: `korrigeringer-${input.from}-${input.to}`, sheet: 'Korrigeringer', columns, rows };
    }
    case 'members': {
      const withExpiring = input.filter.expiringWithinDays !== undefined;
      const source = memberRows(ctx, input.filter, input.sort, input.direction);
      const rows = (async function* () {
        for await (const m of source) yield memberCells(m);
      })();
      const columns = [
        col('Medlemsnr.', 'memberNo', 'memberNo', 12), col('Fornavn', 'first', 'text', 18), col('Etternavn', 'last', 'text', 18), col('E-post', 'email', 'text', 28), col('Telefon', 'phone', 'phone', 14),
        col('Adresse', 'address', 'text', 28), col('Postnr.', 'postcode', 'postcode', 8), col('Sted', 'city', 'text', 16), col('Status', 'state', 'code', 10), col('Saldo', 'balance', 'integer', 10),
        col('Medlem siden', 'enrolled', 'date', 12), col('Sagt opp', 'cancelled', 'date', 12),
        ...(withExpiring ? [col(`Utløper innen ${input.filter.expiringWithinDays ?? 0} dager`, 'expiring', 'integer', 12)] : []),
      ];
      return { name: 'medlemmer', sheet: 'Medlemmer', columns, rows };
    }
  }
}

/** The file's name in the export folder: the report, its range and the moment of export. */
export function exportFileName(ctx: ServiceContext, name: string, format: 'csv' | 'xlsx'): string {
  return `${name}-${nowIso(ctx).replace(/[:.]/g, '-')}.${format}`;
}

function memberCells(m: MemberExportRow): Row {
  return {
    memberNo: m.member_no, first: m.first_name, last: m.last_name, email: m.email, phone: m.phone, address: m.address, postcode: m.postcode, city: m.city,
    state: m.state, balance: m.balance, enrolled: m.enrolled_on, cancelled: m.cancelled_on, expiring: m.expiring === null ? null : Number(m.expiring),
  };
}

/** Writes the table to `path` in the format, whole or absent; returns the data rows written. */
async function writeTable(path: string, format: 'csv' | 'xlsx', table: Table, progress: ExportProgress): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  const every = progress.every ?? 10_000;
  const step = (): void => {
    rows += 1;
    if (rows % every === 0) progress.onProgress?.(rows);
  };
  const stop = (): void => {
    // Issue 15: a cancelled export throws here, between rows; writeWhole removes its temporary file.
    if (progress.shouldStop?.() === true) throw new ExportStopped();
  };
  if (format === 'csv') {
    async function* records(): AsyncGenerator<string[]> {
      yield table.columns.map((c) => c.header);
      for await (const r of table.rows) {
        stop();
        yield table.columns.map((c) => csvCell(c.kind, c.value(r)));
        step();
      }
    }
    const { bytes } = await writeWhole(path, (out) => pipeline(Readable.from(records()), stringify(CSV_OPTIONS), out));
    return { rows, bytes };
  }
  // Issue 15: the sheet is streamed into the zip row by row (xlsx-stream.ts), never held whole.
  async function* cells(): AsyncGenerator<CellValue[]> {
    for await (const r of table.rows) {
      stop();
      yield table.columns.map((c) => c.value(r));
      step();
    }
  }
  const { bytes } = await writeWhole(path, async (out) => {
    await writeXlsxStream(out, table.columns, cells(), { sheetName: table.sheet });
  });
  return { rows, bytes };
}

/** How an export reports its rows and hears a cancel (the job worker; the command line ignores both). */
export interface ExportProgress {
  onProgress?: (rows: number) => void;
  /** Asked between rows: true stops the export (ExportStopped) and leaves no file. */
  shouldStop?: () => boolean;
  /** Progress every this many rows (10,000 by default). */
  every?: number;
  /** False only for the benchmark over a read-only file: no audit or access row (B14 applies to every real export). */
  record?: boolean;
}

/** The member report's rows for a filter (what its export will write), for the progress bar's total. */
export async function exportRowCount(ctx: ServiceContext, input: ReportExport): Promise<number | undefined> {
  return input.report === 'members' ? await memberCount(ctx, input.filter) : undefined;
}

/**
 * One report to a file: `path` given (the command line) or a name in the export folder. The
 * member report and the corrections name members: one access row for the file (B14); every
 * export is audited.
 */
export async function exportReport(ctx: ServiceContext, input: ReportExport, path?: string, progress: ExportProgress = {}): Promise<{ path: string; rows: number; bytes: number }> {
  const table = await tableOf(ctx, input);
  const target = path ?? join(exportDir(ctx), exportFileName(ctx, table.name, input.format));
  const { rows, bytes } = await writeTable(target, input.format, table, progress);
  progress.onProgress?.(rows);
  const { format, report, ...filter } = input;
  if (progress.record === false) return { path: target, rows, bytes };
  await ctx.store.transaction(async () => {
    if (report === 'members' || report === 'corrections') await recordBulkAccess(ctx, `export_${report === 'members' ? 'member_report' : 'corrections'}`, { filter, rows, path: target });
    await audit(ctx, { action: 'reports.export', channel: 'desk', details: { report, format, filter, rows, path: target } });
  });
  return { path: target, rows, bytes };
}
