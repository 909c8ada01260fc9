import { createHash } from 'node:crypto';
import { DeskError } from '../../shared/errors.js';
import type { EarningsImport, EarningsPreview, EarningsRepeat, RepeatDecision } from '../../shared/channels/earnings.js';
import { canonicalRows, parseEarningsFile, rowKey, type ParsedFile, type Rejection } from '../domain/earnings-file.js';
import { osloDate } from '../domain/time.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';

/**
 * B2: an earnings file from billing, in two steps. `previewEarnings` reads it and stores nothing:
 * bad lines by number and reason, and the good lines that repeat a row (an earlier line of the
 * file, or a row imported before) for the supervisor to keep or drop. `importEarnings` takes the
 * file with a decision for every repeated line and stores it as one transaction with its audit
 * row: its record, its accepted rows (booked by the monthly run, B6) and its rejections, or
 * nothing. A file whose rows were all booked before (same canonical rows, whatever the
 * delimiter, BOM, line ending or name) is refused by both.
 */

interface Candidate {
  lineNo: number;
  memberId: number;
  productCode: string;
  quantity: number;
  deliveredOn: string;
  points: number;
  key: string;
  text: string;
}

interface Assessment {
  parsed: ParsedFile;
  hash: string;
  fingerprint: string | null;
  rejections: Rejection[];
  /** Good lines that repeat nothing: booked without asking. */
  fresh: Candidate[];
  /** Good lines that repeat a row: booked only if the supervisor keeps them. */
  repeats: (EarningsRepeat & { candidate: Candidate })[];
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Reads the file against the store; writes nothing. The caller runs it inside its transaction. */
async function assess(ctx: ServiceContext, input: { fileName: string; content: string }): Promise<Assessment> {
  const db = ctx.store;
  const { kysely } = db;
  const hash = sha256(input.content);
  const parsed = parseEarningsFile(input.content, osloDate(ctx.clock.now()));
  if (parsed.total === 0) throw new DeskError('bad_file', 'The file has no earnings lines.', { fileName: input.fileName });
  // B2: the fingerprint is over the canonical rows, so re-saving the file changes nothing.
  const canonical = canonicalRows(parsed.lines);
  const fingerprint = canonical === null ? null : sha256(canonical);
  const byFingerprint = fingerprint === null ? undefined : await db.first(kysely.selectFrom('earnings_files').select(['id', 'file_name', 'imported_at']).where('rows_fingerprint', '=', fingerprint));
  const earlier = byFingerprint ?? await db.first(kysely.selectFrom('earnings_files').select(['id', 'file_name', 'imported_at']).where('content_hash', '=', hash));
  if (earlier !== undefined) {
    // B2: never booked twice — the same rows, under any name or format, are refused whole.
    throw new DeskError('duplicate_file', `The rows of this file were already imported as ${earlier.file_name} on ${earlier.imported_at}; nothing was booked again.`, {
      fileId: earlier.id,
      fileName: earlier.file_name,
      importedAt: earlier.imported_at,
    });
  }
  // The file's members and earlier rows are read in chunks, not one query per line: a 100,000-line
  // file would otherwise be 200,000 round trips (cheap on SQLite, not on a server).
  const memberByNo = new Map<number, { id: number; state: string }>();
  for (const chunk of chunks([...new Set(parsed.lines.map((l) => l.memberNo))])) {
    for (const m of await db.all(kysely.selectFrom('members').select(['id', 'state', 'member_no']).where('member_no', 'in', chunk))) memberByNo.set(m.member_no, m);
  }
  const products = new Map((await db.all(kysely.selectFrom('earning_products').select(['code', 'points_per_unit', 'active', 'active_from', 'active_to']))).map((p) => [p.code, p]));
  const bookedByKey = new Map<string, { fileId: number; fileName: string; importedAt: string; lineNo: number }>();
  for (const chunk of chunks([...new Set(parsed.lines.map((l) => rowKey(l)))])) {
    const rows = await db.all(
      kysely
        .selectFrom('earnings_rows as r')
        .innerJoin('earnings_files as f', 'f.id', 'r.file_id')
        .select(['r.row_key', 'f.id as fileId', 'f.file_name as fileName', 'f.imported_at as importedAt', 'r.line_no as lineNo'])
        .where('r.row_key', 'in', chunk)
        .orderBy('r.id'),
    );
    // The first row booked under each key (lowest id), as a per-key `ORDER BY r.id LIMIT 1` would give.
    for (const { row_key, ...booked } of rows) if (row_key !== null && !bookedByKey.has(row_key)) bookedByKey.set(row_key, booked);
  }
  const rejections: Rejection[] = [...parsed.rejections];
  const fresh: Candidate[] = [];
  const repeats: Assessment['repeats'] = [];
  const firstLineOf = new Map<string, number>();
  for (const line of parsed.lines) {
    const member = memberByNo.get(line.memberNo);
    const product = products.get(line.productCode);
    const text = `${line.memberNo};${line.productCode};${line.quantity};${line.deliveredOn}`;
    const reject = (reason: Rejection['reason']): void => {
      rejections.push({ lineNo: line.lineNo, reason, text });
    };
    if (member === undefined) reject('unknown_member');
    else if (product === undefined) reject('unknown_product');
    // B2: a code in the earning table that no longer earns is said so, not called unknown.
    else if (product.active !== 1) reject('product_not_earning');
    // B2 (issue 13): the code earns from its first to its last day (inclusive); a row delivered outside them is refused
    // on its own, and rows taken while it earned keep their points.
    else if (line.deliveredOn < product.active_from || (product.active_to !== null && line.deliveredOn > product.active_to)) reject('outside_earning_period');
    else if (member.state === 'opted_out') reject('member_opted_out');
    else if (member.state === 'ended') reject('member_not_active');
    else {
      const key = rowKey(line);
      const candidate: Candidate = { lineNo: line.lineNo, memberId: member.id, productCode: line.productCode, quantity: line.quantity, deliveredOn: line.deliveredOn, points: product.points_per_unit * line.quantity, key, text };
      // B2: a row that repeats an earlier line of this file or a row imported before waits for the supervisor.
      const sameAsLine = firstLineOf.get(key) ?? null;
      if (sameAsLine === null) firstLineOf.set(key, line.lineNo);
      const booked = bookedByKey.get(key) ?? null;
      if (sameAsLine === null && booked === null) fresh.push(candidate);
      else repeats.push({ lineNo: line.lineNo, text, points: candidate.points, sameAsLine, booked, candidate });
    }
  }
  rejections.sort((a, b) => a.lineNo - b.lineNo);
  return { parsed, hash, fingerprint, rejections, fresh, repeats };
}

type EarningsRowInsert = {
  file_id: number;
  line_no: number;
  member_id: number;
  product_code: string;
  quantity: number;
  delivered_on: string;
  points: number;
  row_key: string;
  kept_repeat: number;
};

function chunks<T>(values: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const sum = (rows: readonly { points: number }[]): number => rows.reduce((total, r) => total + r.points, 0);

/** B2, step one: what the file would book. Nothing is stored, no audit row (it changes nothing). */
export async function previewEarnings(ctx: ServiceContext, input: { fileName: string; content: string }): Promise<EarningsPreview> {
  // One read transaction, so the file is judged against one state of the store.
  const a = await ctx.store.transaction(() => assess(ctx, input), 'read');
  return {
    fileName: input.fileName,
    total: a.parsed.total,
    accepted: a.fresh.length,
    rejected: a.rejections.length,
    points: sum(a.fresh),
    rejections: a.rejections,
    repeats: a.repeats.map(({ candidate: _candidate, ...repeat }) => repeat),
  };
}

/**
 * B2, step two: take the file. `repeats` holds the supervisor's decision for every repeated line
 * (keep: booked as well; drop: not booked, recorded with the file). The file is judged again
 * inside the write transaction; if its repeats are not exactly the decided lines (another import
 * came in between, or a decision is missing), it is refused with `repeats_undecided` and nothing
 * is stored.
 */
export async function importEarnings(ctx: ServiceContext, input: { fileName: string; content: string; repeats?: readonly RepeatDecision[] | undefined }): Promise<EarningsImport> {
  const db = ctx.store;
  const { kysely } = db;
  return await db.transaction(async () => {
    const a = await assess(ctx, input);
    const decisions = new Map((input.repeats ?? []).map((d) => [d.lineNo, d.keep]));
    const repeatLines = new Set(a.repeats.map((r) => r.lineNo));
    const undecided = [...repeatLines].filter((lineNo) => !decisions.has(lineNo));
    const unexpected = [...decisions.keys()].filter((lineNo) => !repeatLines.has(lineNo)).sort((x, y) => x - y);
    if (undecided.length > 0 || unexpected.length > 0) {
      // B2: the supervisor decides every repeated line before the file is booked.
      const lines = undecided.length > 0 ? undecided : unexpected;
      throw new DeskError(
        'repeats_undecided',
        undecided.length > 0
          ? `Lines ${lines.join(', ')} repeat rows already in the file or booked before; keep or drop each. Nothing was booked.`
          : `Lines ${lines.join(', ')} were decided as repeats but no longer repeat anything; check the file again. Nothing was booked.`,
        { fileName: input.fileName, undecided, unexpected },
      );
    }
    const kept = a.repeats.filter((r) => decisions.get(r.lineNo) === true);
    const dropped = a.repeats.length - kept.length;
    const accepted = [...a.fresh, ...kept.map((r) => r.candidate)].sort((x, y) => x.lineNo - y.lineNo);
    const keptLines = new Set(kept.map((r) => r.lineNo));
    const importedAt = nowIso(ctx);
    const { lastId: fileId } = await db.run(
      kysely.insertInto('earnings_files').values({
        file_name: input.fileName,
        content_hash: a.hash,
        rows_fingerprint: a.fingerprint,
        imported_at: importedAt,
        imported_by: ctx.user?.id ?? null,
        rows_total: a.parsed.total,
        rows_accepted: accepted.length,
        rows_rejected: a.rejections.length,
        rows_dropped: dropped,
        rejections: JSON.stringify(a.rejections),
        repeats: JSON.stringify(
          a.repeats.map((r) => ({ lineNo: r.lineNo, keep: decisions.get(r.lineNo) === true, text: r.text, sameAsLine: r.sameAsLine, booked: r.booked })),
        ),
      }),
    );
    const insert = db.prepared<EarningsRowInsert, unknown>((p) =>
      kysely.insertInto('earnings_rows').values({
        file_id: p('file_id'),
        line_no: p('line_no'),
        member_id: p('member_id'),
        product_code: p('product_code'),
        quantity: p('quantity'),
        delivered_on: p('delivered_on'),
        points: p('points'),
        row_key: p('row_key'),
        kept_repeat: p('kept_repeat'),
      }),
    );
    for (const row of accepted) {
      await insert.run({
        file_id: fileId,
        line_no: row.lineNo,
        member_id: row.memberId,
        product_code: row.productCode,
        quantity: row.quantity,
        delivered_on: row.deliveredOn,
        points: row.points,
        row_key: row.key,
        kept_repeat: keptLines.has(row.lineNo) ? 1 : 0,
      });
    }
    const points = sum(accepted);
    await audit(ctx, {
      action: 'earnings.import',
      channel: 'file',
      details: {
        fileId,
        fileName: input.fileName,
        hash: a.hash,
        fingerprint: a.fingerprint,
        total: a.parsed.total,
        accepted: accepted.length,
        rejected: a.rejections.length,
        keptRepeats: kept.map((r) => r.lineNo),
        droppedRepeats: a.repeats.filter((r) => !keptLines.has(r.lineNo)).map((r) => r.lineNo),
      },
    });
    return {
      fileId,
      fileName: input.fileName,
      importedAt,
      total: a.parsed.total,
      accepted: accepted.length,
      rejected: a.rejections.length,
      points,
      dropped,
      keptRepeats: kept.length,
      rejections: a.rejections,
    };
  });
}

export async function listEarningsFiles(ctx: ServiceContext): Promise<Omit<EarningsImport, 'rejections' | 'keptRepeats'>[]> {
  const db = ctx.store;
  const { kysely } = db;
  return (await db.all(
      kysely
        .selectFrom('earnings_files as f')
        .select((eb) => [
          'f.id',
          'f.file_name',
          'f.imported_at',
          'f.rows_total',
          'f.rows_accepted',
          'f.rows_rejected',
          'f.rows_dropped',
          eb.selectFrom('earnings_rows as r').select((e) => e.fn.coalesce(e.fn.sum<number>('r.points'), e.lit(0)).as('p')).whereRef('r.file_id', '=', 'f.id').as('points'),
        ])
        .orderBy('f.id', 'desc')
        .limit(100),
    ))
    .map((f) => ({ fileId: f.id, fileName: f.file_name, importedAt: f.imported_at, total: f.rows_total, accepted: f.rows_accepted, rejected: f.rows_rejected, dropped: f.rows_dropped, points: Number(f.points ?? 0) }));
}
