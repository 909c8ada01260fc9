import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql, type CompiledQuery } from 'kysely';
import { DeskError } from '../../shared/errors.js';
import type { BulkRows, Store } from '../db/store.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';
import { removeStalePartials, writeWhole, writeWholeFile } from './files.js';
import {
  MANIFEST_FILE,
  NO_PASSWORD_MARKER,
  TRANSFER_FORMAT,
  TRANSFER_FORMAT_VERSION,
  TRANSFER_TABLES,
  type Manifest,
  type ManifestFile,
  type TableSpec,
} from './transfer-format.js';

/**
 * B15: the whole program out and in (issue 14). `exportAll` writes every table of the format
 * (transfer-format.ts, docs/transfer.md) as JSON Lines into a folder, and the manifest last;
 * `importAll` fills an empty store from such a folder. Both stream: a table is read in pages of
 * its key (keyset, `batchRows` rows a page) and a file line by line, so a program of a million
 * members and twelve million ledger entries never sits in memory.
 *
 * The command line (main/cli/commands/transfer.ts) makes the import whole or absent: it builds the
 * new desk in a temporary file and renames it into place only when the import is complete.
 */

export const DEFAULT_BATCH_ROWS = 10_000;

export interface TransferProgress {
  table: string;
  file: string;
  /** Rows of this table so far. */
  rows: number;
  /** The table is complete. */
  done: boolean;
}

export interface ExportOptions {
  /** The newest migration the desk has (`Desk.health().schemaVersion`), written to the manifest. */
  schemaVersion: string;
  batchRows?: number;
  onProgress?: (progress: TransferProgress) => void;
}

/** How often a long table reports progress between its pages (rows). */
const PROGRESS_EVERY = 1_000_000;

/**
 * B15: writes the whole program into `dir` (absent, or empty but for the leftovers of an export
 * that was cut off). Every file is whole or absent (written under a temporary name, flushed,
 * renamed: files.ts, writeWhole) and the manifest comes last, so a folder with a manifest holds a
 * complete export. All tables are read in one read transaction: one consistent moment of the
 * desk, even while a desk server keeps writing to the file. The export is audited
 * (`transfer.exportAll`) just before that moment, so the audit log it carries says so itself.
 */
export async function exportAll(ctx: ServiceContext, dir: string, options: ExportOptions): Promise<Manifest> {
  const store = ctx.store;
  const batchRows = Math.max(1, Math.floor(options.batchRows ?? DEFAULT_BATCH_ROWS));
  await prepareOutDir(dir);
  await store.transaction(async () => {
    await audit(ctx, { action: 'transfer.exportAll', channel: 'system', details: { out: dir, format: TRANSFER_FORMAT, formatVersion: TRANSFER_FORMAT_VERSION } });
  });
  const exportedAt = nowIso(ctx);
  const files: ManifestFile[] = [];
  await store.transaction(async () => {
    for (const spec of TRANSFER_TABLES) files.push(await exportTable(store, dir, spec, batchRows, options.onProgress));
  }, 'read');
  const manifest: Manifest = { format: TRANSFER_FORMAT, format_version: TRANSFER_FORMAT_VERSION, schema_version: options.schemaVersion, exported_at: exportedAt, files };
  await writeWholeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function prepareOutDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  removeStalePartials(dir);
  const left = await readdir(dir);
  if (left.length > 0) {
    throw new DeskError('conflict', `${dir} is not empty (${left.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''}); export into a new or empty folder`, { dir });
  }
}

/** One page of a table in key order, after the key `after` (keyset: each page is an index range). */
function page(store: Store, spec: TableSpec, after: readonly unknown[] | null, limit: number): CompiledQuery<Record<string, unknown>> {
  const columns = sql.join(spec.fields.map((f) => sql.ref(f.name)));
  const key = sql.join(spec.key.map((k) => sql.ref(k)));
  const where = after === null ? sql`` : sql`WHERE (${key}) > (${sql.join(after.map((v) => sql`${v}`))})`;
  return sql<Record<string, unknown>>`SELECT ${columns} FROM ${sql.table(spec.table)} ${where} ORDER BY ${key} LIMIT ${limit}`.compile(store.kysely);
}

async function exportTable(store: Store, dir: string, spec: TableSpec, batchRows: number, onProgress: ExportOptions['onProgress']): Promise<ManifestFile> {
  const hash = createHash('sha256');
  let rows = 0;
  let reported = 0;
  const { bytes } = await writeWhole(join(dir, spec.file), async (out) => {
    let after: unknown[] | null = null;
    for (;;) {
      const batch: Record<string, unknown>[] = await store.all(page(store, spec, after, batchRows));
      if (batch.length === 0) break;
      let text = '';
      for (const row of batch) text += `${JSON.stringify(row)}\n`;
      const chunk = Buffer.from(text, 'utf8');
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      rows += batch.length;
      const last: Record<string, unknown> = batch[batch.length - 1] ?? {};
      after = spec.key.map((k): unknown => last[k]);
      if (rows - reported >= PROGRESS_EVERY) {
        reported = rows;
        onProgress?.({ table: spec.table, file: spec.file, rows, done: false });
      }
      if (batch.length < batchRows) break;
    }
  });
  onProgress?.({ table: spec.table, file: spec.file, rows, done: true });
  return { file: spec.file, table: spec.table, rows, bytes, sha256: hash.digest('hex') };
}

const refuse = (message: string, details?: Record<string, unknown>): DeskError => new DeskError('bad_file', message, details);

/**
 * B15: reads and checks `dir/manifest.json`: the format and a version this desk reads, a schema
 * this desk knows (`knownSchemas`: the app's migrations; a newer desk's export is refused), and one
 * well-formed entry for every table of the format. It does not read the files (verifyExport does).
 */
export async function readManifest(dir: string, knownSchemas: readonly string[]): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw refuse(`${dir} has no ${MANIFEST_FILE}: it is not an export, or an export that did not finish`, { dir });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw refuse(`${MANIFEST_FILE} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse(`${MANIFEST_FILE} is not a JSON object`);
  const m = parsed as Record<string, unknown>;
  if (m['format'] !== TRANSFER_FORMAT) throw refuse(`${MANIFEST_FILE} names the format ${JSON.stringify(m['format'])}, not ${TRANSFER_FORMAT}`);
  if (m['format_version'] !== TRANSFER_FORMAT_VERSION) {
    throw refuse(`the export is format version ${JSON.stringify(m['format_version'])}; this desk reads version ${TRANSFER_FORMAT_VERSION} only`, { formatVersion: m['format_version'] });
  }
  const schema = m['schema_version'];
  if (typeof schema !== 'string') throw refuse(`${MANIFEST_FILE}: schema_version must be a migration name`);
  if (!knownSchemas.includes(schema)) {
    throw refuse(`the export was made by a newer Bonus desk (schema ${schema}); update this desk before importing it`, { schemaVersion: schema });
  }
  if (typeof m['exported_at'] !== 'string') throw refuse(`${MANIFEST_FILE}: exported_at must be an ISO instant`);
  const list = m['files'];
  if (!Array.isArray(list)) throw refuse(`${MANIFEST_FILE}: files must be a list`);
  const files: ManifestFile[] = [];
  for (const [i, entry] of list.entries()) {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const spec = TRANSFER_TABLES.find((t) => t.table === e['table']);
    const where = `${MANIFEST_FILE}: files[${i}]`;
    if (spec === undefined) throw refuse(`${where} names the table ${JSON.stringify(e['table'])}, which is not in format version ${TRANSFER_FORMAT_VERSION}`);
    // Only the format's own file names: a manifest cannot point the import anywhere else.
    if (e['file'] !== spec.file) throw refuse(`${where}: the file of ${spec.table} must be ${spec.file}`);
    if (files.some((f) => f.table === spec.table)) throw refuse(`${where}: ${spec.table} is listed twice`);
    const rows = e['rows'];
    const bytes = e['bytes'];
    const sha = e['sha256'];
    if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) throw refuse(`${where}: rows must be a whole number`);
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) throw refuse(`${where}: bytes must be a whole number`);
    if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) throw refuse(`${where}: sha256 must be 64 hex digits`);
    files.push({ file: spec.file, table: spec.table, rows, bytes, sha256: sha });
  }
  const missing = TRANSFER_TABLES.filter((t) => !files.some((f) => f.table === t.table)).map((t) => t.file);
  if (missing.length > 0) throw refuse(`${MANIFEST_FILE} does not list ${missing.join(', ')}`);
  return { format: TRANSFER_FORMAT, format_version: TRANSFER_FORMAT_VERSION, schema_version: schema, exported_at: m['exported_at'], files };
}

/**
 * B15: every file against the manifest — its size, its number of lines and its SHA-256 — before
 * anything is written. A file changed, cut short or damaged after the export is refused by name.
 */
export async function verifyExport(dir: string, manifest: Manifest, onProgress?: (file: ManifestFile) => void): Promise<void> {
  for (const f of manifest.files) {
    const path = join(dir, f.file);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      throw refuse(`${f.file} is missing from ${dir}`, { file: f.file });
    }
    const hash = createHash('sha256');
    let lines = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
    }
    const sha = hash.digest('hex');
    if (sha !== f.sha256 || size !== f.bytes) {
      throw refuse(`${f.file}: its checksum does not match the manifest (SHA-256 ${sha}, ${size} bytes; the manifest says ${f.sha256}, ${f.bytes} bytes): the file was changed or damaged after the export`, {
        file: f.file,
      });
    }
    if (lines !== f.rows) throw refuse(`${f.file} has ${lines} lines; the manifest says ${f.rows} rows`, { file: f.file });
    onProgress?.(f);
  }
}

export interface ImportOptions {
  /** The bulk loader's fast settings (no WAL, no fsync): only for a private file thrown away when the import fails. */
  fast?: boolean;
  batchRows?: number;
  onProgress?: (progress: TransferProgress) => void;
}

export interface ImportSummary {
  rows: Record<string, number>;
  /** Every imported user: none has a password yet. */
  users: string[];
}

/**
 * B15: fills an empty store from a checked export (readManifest and verifyExport first). Refuses a
 * store that holds any row of the format's tables. Each table is read line by line and written
 * `batchRows` rows a transaction through the store's bulk loader, in the format's order (every row
 * a foreign key points to comes first); each row still passes the schema's CHECKs, foreign keys and
 * triggers, the name index is built by its trigger, and the two logs' rows arrive with the hashes
 * they had, so their chains are the exported ones. Users get NO_PASSWORD_MARKER: no one signs in
 * until an admin sets a password. A line that is not a row of its table is refused with its file
 * and line number. A failed import leaves a half-filled store: the caller throws it away.
 * The import is audited on the new desk (`transfer.importAll`), after the imported rows.
 */
export async function importAll(ctx: ServiceContext, dir: string, manifest: Manifest, options: ImportOptions = {}): Promise<ImportSummary> {
  const store = ctx.store;
  const batchRows = Math.max(1, Math.floor(options.batchRows ?? DEFAULT_BATCH_ROWS));
  await assertEmpty(store);
  const rows: Record<string, number> = {};
  let restore: (() => void) | null = null;
  try {
    for (const spec of TRANSFER_TABLES) {
      const expected = manifest.files.find((f) => f.table === spec.table)?.rows ?? 0;
      const columns = spec.fields.map((f) => f.name);
      const loader = store.bulk({ [spec.table]: spec.table === 'users' ? [...columns, 'password_hash'] : columns });
      if (options.fast === true && restore === null) restore = loader.fast();
      let values: unknown[] = [];
      let firstLine = 1;
      let lineNo = 0;
      const flush = async (): Promise<void> => {
        if (values.length === 0) return;
        const batch = values;
        values = [];
        try {
          await loader.write([flat(batch)]);
        } catch (error) {
          await pinpoint(spec, batch, firstLine, error, (one) => loader.write([flat(one)]));
        }
        firstLine = lineNo + 1;
        options.onProgress?.({ table: spec.table, file: spec.file, rows: lineNo, done: false });
      };
      const lines = createInterface({ input: createReadStream(join(dir, spec.file), { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
      for await (const line of lines) {
        lineNo += 1;
        rowValues(spec, line, lineNo, values);
        if (spec.table === 'users') values.push(NO_PASSWORD_MARKER);
        if (lineNo - firstLine + 1 >= batchRows) await flush();
      }
      await flush();
      if (lineNo !== expected) throw refuse(`${spec.file} has ${lineNo} rows; the manifest says ${expected}`, { file: spec.file });
      rows[spec.table] = lineNo;
      options.onProgress?.({ table: spec.table, file: spec.file, rows: lineNo, done: true });
    }
    await store.transaction(async () => {
      await audit(ctx, {
        action: 'transfer.importAll',
        channel: 'system',
        details: { from: dir, formatVersion: manifest.format_version, schemaVersion: manifest.schema_version, exportedAt: manifest.exported_at, rows: Object.values(rows).reduce((a, b) => a + b, 0) },
      });
    });
  } finally {
    restore?.();
  }
  const users = await store.all(store.kysely.selectFrom('users').select('username').orderBy('username'));
  return { rows, users: users.map((u) => u.username) };
}

const flat = (values: readonly unknown[]): BulkRows => ({ length: values.length, value: (i) => values[i] });

/** Refuses a store that already holds any row of the format's tables (a desk in use is never overwritten or mixed into). */
async function assertEmpty(store: Store): Promise<void> {
  for (const spec of TRANSFER_TABLES) {
    const any = await store.first(sql<{ one: number }>`SELECT 1 AS one FROM ${sql.table(spec.table)} LIMIT 1`.compile(store.kysely));
    if (any !== undefined) throw new DeskError('conflict', `The target desk already holds data (${spec.table}); import only into a new, empty desk`, { table: spec.table });
  }
}

/** One line as the values of its row, in the format's order; refuses anything else with the file and line. */
function rowValues(spec: TableSpec, line: string, lineNo: number, out: unknown[]): void {
  const at = `${spec.file} line ${lineNo}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw refuse(`${at}: not a JSON object (${error instanceof Error ? error.message : String(error)})`, { file: spec.file, line: lineNo });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse(`${at}: not a JSON object`, { file: spec.file, line: lineNo });
  const row = parsed as Record<string, unknown>;
  const keys = Object.keys(row);
  if (keys.length !== spec.fields.length) {
    const unknown = keys.filter((k) => !spec.fields.some((f) => f.name === k));
    if (unknown.length > 0) throw refuse(`${at}: unknown field ${unknown.join(', ')}`, { file: spec.file, line: lineNo });
  }
  for (const f of spec.fields) {
    if (!Object.hasOwn(row, f.name)) throw refuse(`${at}: the field ${f.name} is missing`, { file: spec.file, line: lineNo, field: f.name });
    const v = row[f.name];
    if (v === null) {
      if (!f.nullable) throw refuse(`${at}: ${f.name} may not be null`, { file: spec.file, line: lineNo, field: f.name });
    } else if (f.type === 'integer' ? !Number.isSafeInteger(v) : typeof v !== 'string') {
      throw refuse(`${at}: ${f.name} must be ${f.type === 'integer' ? 'a whole number' : 'a string'}${f.nullable ? ' or null' : ''}, not ${JSON.stringify(v)}`, { file: spec.file, line: lineNo, field: f.name });
    }
    out.push(v);
  }
}

/**
 * A batch the store refused (a CHECK, a foreign key, a unique key): its rows again one at a time,
 * so the refusal names the line. Only on the way to failing: the import is thrown away.
 */
async function pinpoint(spec: TableSpec, batch: readonly unknown[], firstLine: number, error: unknown, writeOne: (row: unknown[]) => Promise<void>): Promise<never> {
  const width = spec.fields.length + (spec.table === 'users' ? 1 : 0);
  for (let i = 0; i * width < batch.length; i++) {
    try {
      await writeOne(batch.slice(i * width, (i + 1) * width));
    } catch (rowError) {
      const line = firstLine + i;
      throw refuse(`${spec.file} line ${line}: the desk refuses this row (${rowError instanceof Error ? rowError.message : String(rowError)})`, { file: spec.file, line });
    }
  }
  const last = firstLine + batch.length / width - 1;
  throw refuse(`${spec.file} lines ${firstLine}–${last}: the desk refuses these rows (${error instanceof Error ? error.message : String(error)})`, { file: spec.file, line: firstLine });
}
