import type { Store } from './context.js';

/**
 * L3/L5, "safe to promise": how many units of each product wait in held email orders. Held
 * orders are booked from 10:00 in received order, before a caller's new order can be promised
 * anything, so what an agent may safely promise is the stock minus this queue.
 *
 * One read (the `held_orders_queue` index: status, received_at); the lines are the order's
 * stored JSON, summed here. `upTo` (an ISO instant) counts only the orders received at or before
 * it: the queue ahead of an order received then (an order received at the same instant was
 * registered earlier, so it is booked first).
 */
export async function queuedUnits(store: Store, upTo?: string): Promise<Map<number, number>> {
  let query = store.kysely.selectFrom('held_orders').select('lines').where('status', '=', 'held');
  if (upTo !== undefined) query = query.where('received_at', '<=', new Date(upTo).toISOString());
  const queued = new Map<number, number>();
  for (const row of await store.all(query)) {
    for (const line of storedLines(row.lines)) queued.set(line.productId, (queued.get(line.productId) ?? 0) + line.quantity);
  }
  return queued;
}

/** The order lines of a held order's stored JSON (`{ lines, identity }`). */
function storedLines(json: string): { productId: number; quantity: number }[] {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || !('lines' in parsed) || !Array.isArray(parsed.lines)) return [];
  return (parsed.lines as unknown[]).flatMap((line) => {
    if (typeof line !== 'object' || line === null) return [];
    const { productId, quantity } = line as { productId?: unknown; quantity?: unknown };
    return typeof productId === 'number' && typeof quantity === 'number' ? [{ productId, quantity }] : [];
  });
}
