import { createHash } from 'node:crypto';
import { DeskError } from '../../shared/errors.js';
import type { EarningsImport } from '../../shared/channels/earnings.js';
import { parseEarningsFile, type Rejection } from '../domain/earnings-file.js';
import { osloDate } from '../domain/time.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';

/**
 * B2: an earnings file from billing. The whole file is one transaction: its record, its accepted
 * rows (to be booked by the monthly run, B6) and its rejections, or nothing. The same content
 * (by SHA-256) is refused the second time, whatever the file is called.
 */
export function importEarnings(ctx: ServiceContext, input: { fileName: string; content: string }): EarningsImport {
  const { q, kysely, sqlite } = ctx.store;
  const hash = createHash('sha256').update(input.content, 'utf8').digest('hex');
  const today = osloDate(ctx.clock.now());
  const parsed = parseEarningsFile(input.content, today);
  if (parsed.total === 0) throw new DeskError('bad_file', 'The file has no earnings lines.', { fileName: input.fileName });
  const memberByNo = sqlite.prepare<[number], { id: number; state: string }>('SELECT id, state FROM members WHERE member_no = ?');
  const products = new Map(
    q.all(kysely.selectFrom('earning_products').select(['code', 'points_per_unit']).where('active', '=', 1)).map((p) => [p.code, p.points_per_unit]),
  );
  return q.transaction(() => {
    const earlier = q.first(kysely.selectFrom('earnings_files').select(['id', 'file_name', 'imported_at']).where('content_hash', '=', hash));
    if (earlier !== undefined) {
      throw new DeskError('duplicate_file', `This file was already imported as ${earlier.file_name} on ${earlier.imported_at}; nothing was booked again.`, {
        fileId: earlier.id,
        fileName: earlier.file_name,
        importedAt: earlier.imported_at,
      });
    }
    const rejections: Rejection[] = [...parsed.rejections];
    const accepted: { lineNo: number; memberId: number; productCode: string; quantity: number; deliveredOn: string; points: number }[] = [];
    for (const line of parsed.lines) {
      const member = memberByNo.get(line.memberNo);
      const perUnit = products.get(line.productCode);
      const text = `${line.memberNo};${line.productCode};${line.quantity};${line.deliveredOn}`;
      if (member === undefined) rejections.push({ lineNo: line.lineNo, reason: 'unknown_member', text });
      else if (perUnit === undefined) rejections.push({ lineNo: line.lineNo, reason: 'unknown_product', text });
      else if (member.state === 'opted_out') rejections.push({ lineNo: line.lineNo, reason: 'member_opted_out', text });
      else if (member.state === 'ended') rejections.push({ lineNo: line.lineNo, reason: 'member_not_active', text });
      else accepted.push({ lineNo: line.lineNo, memberId: member.id, productCode: line.productCode, quantity: line.quantity, deliveredOn: line.deliveredOn, points: perUnit * line.quantity });
    }
    rejections.sort((a, b) => a.lineNo - b.lineNo);
    const importedAt = nowIso(ctx);
    const { lastId: fileId } = q.run(
      kysely.insertInto('earnings_files').values({
        file_name: input.fileName,
        content_hash: hash,
        imported_at: importedAt,
        imported_by: ctx.user?.id ?? null,
        rows_total: parsed.total,
        rows_accepted: accepted.length,
        rows_rejected: rejections.length,
        rejections: JSON.stringify(rejections),
      }),
    );
    const insert = sqlite.prepare(
      'INSERT INTO earnings_rows (file_id, line_no, member_id, product_code, quantity, delivered_on, points) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    let points = 0;
    for (const row of accepted) {
      insert.run(fileId, row.lineNo, row.memberId, row.productCode, row.quantity, row.deliveredOn, row.points);
      points += row.points;
    }
    audit(ctx, {
      action: 'earnings.import',
      channel: 'file',
      details: { fileId, fileName: input.fileName, hash, total: parsed.total, accepted: accepted.length, rejected: rejections.length },
    });
    return { fileId, fileName: input.fileName, importedAt, total: parsed.total, accepted: accepted.length, rejected: rejections.length, points, rejections };
  });
}

export function listEarningsFiles(ctx: ServiceContext): Omit<EarningsImport, 'rejections'>[] {
  const { q, kysely } = ctx.store;
  return q
    .all(
      kysely
        .selectFrom('earnings_files as f')
        .select((eb) => [
          'f.id',
          'f.file_name',
          'f.imported_at',
          'f.rows_total',
          'f.rows_accepted',
          'f.rows_rejected',
          eb.selectFrom('earnings_rows as r').select((e) => e.fn.coalesce(e.fn.sum<number>('r.points'), e.lit(0)).as('p')).whereRef('r.file_id', '=', 'f.id').as('points'),
        ])
        .orderBy('f.id', 'desc')
        .limit(100),
    )
    .map((f) => ({ fileId: f.id, fileName: f.file_name, importedAt: f.imported_at, total: f.rows_total, accepted: f.rows_accepted, rejected: f.rows_rejected, points: Number(f.points ?? 0) }));
}
