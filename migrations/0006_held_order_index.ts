import { sql, type Kysely } from 'kysely';

/**
 * Issue 11's load test: a held order's booking is found by `redemptions.held_order_id`, which had
 * no index, so every held order on the list scanned every redemption (~256 ms each at 2.75M
 * redemptions; with five held orders `heldOrders.list` took 1.3 s). A partial index holds only
 * the few redemptions that came from held orders (L4).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE INDEX redemptions_held_order ON redemptions(held_order_id) WHERE held_order_id IS NOT NULL').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX redemptions_held_order').execute(db);
}
