import { openDatabase } from '../../db/open.js';
import type { Told } from './scenario.js';

/**
 * With --db: the database file itself, opened read-only after the load, against what the desks
 * were told. A booking is lost when a desk was told of it and the file has no such redemption;
 * doubled when one order form (idempotency key) or one told booking shows up as more than one
 * redemption, or its points were drawn more than once (the spend entries of a redemption add up
 * to more than its total).
 */

export interface DbCheck {
  redemptionsSince: number;
  told: number;
  lost: number[];
  /** Redemptions in the file the desks were not told of (a booking whose answer was lost, or someone else's). */
  untold: number[];
  keyMismatch: string[];
  spendMismatch: string[];
  heldBooked: number;
  lastUnitLines: { sku: string; lines: number; stock: number }[];
}

export function verifyDb(file: string, watermark: number, told: ReadonlyMap<number, Told>, lastUnitProductId: number | null): DbCheck {
  const db = openDatabase({ file, readonly: true });
  try {
    const sqlite = db.sqlite;
    const rows = sqlite
      .prepare('SELECT id, idempotency_key AS key, member_id AS memberId, total_points AS total, held_order_id AS heldOrderId FROM redemptions WHERE id > ? ORDER BY id')
      .all(watermark) as { id: number; key: string; memberId: number; total: number; heldOrderId: number | null }[];
    const spends = new Map(
      (sqlite.prepare("SELECT redemption_id AS id, -sum(amount) AS points, count(*) AS n FROM ledger_entries WHERE redemption_id > ? AND kind = 'spend' GROUP BY redemption_id").all(watermark) as { id: number; points: number; n: number }[]).map((r) => [r.id, r]),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lost = [...told.keys()].filter((id) => !byId.has(id)).sort((a, b) => a - b);
    const untold = rows.filter((r) => !told.has(r.id)).map((r) => r.id);
    const keyMismatch: string[] = [];
    for (const [id, t] of told) {
      const row = byId.get(id);
      if (row !== undefined && (row.key !== t.key || row.memberId !== t.memberId || row.total !== t.total)) {
        keyMismatch.push(`redemption ${id}: told ${t.key} member ${t.memberId} ${t.total} points; stored ${row.key} member ${row.memberId} ${row.total} points`);
      }
    }
    const spendMismatch: string[] = [];
    for (const r of rows) {
      const spent = spends.get(r.id)?.points ?? 0;
      if (spent !== r.total) spendMismatch.push(`redemption ${r.id}: total ${r.total} points, spend entries draw ${spent}`);
    }
    const lastUnitLines =
      lastUnitProductId === null
        ? []
        : (sqlite
            .prepare('SELECT p.sku AS sku, p.stock AS stock, (SELECT count(*) FROM redemption_lines l JOIN redemptions r ON r.id = l.redemption_id WHERE l.product_id = p.id AND r.id > ?) AS lines FROM bonus_products p WHERE p.id = ?')
            .all(watermark, lastUnitProductId) as { sku: string; lines: number; stock: number }[]);
    return {
      redemptionsSince: rows.length,
      told: told.size,
      lost,
      untold,
      keyMismatch,
      spendMismatch,
      heldBooked: rows.filter((r) => r.heldOrderId !== null).length,
      lastUnitLines,
    };
  } finally {
    db.sqlite.close();
  }
}
