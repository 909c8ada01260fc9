import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../shared/errors.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { createRedemption, type CreateInput } from './redemptions.js';

/**
 * The store serialises concurrent calls on its one connection (main/db/sqlite-store.ts): two
 * calls awaiting at once never interleave inside one transaction, a read outside a transaction
 * never sees another call's uncommitted rows, nested transactions join their outer one, and an
 * error rolls back everything of that transaction.
 */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
});
afterEach(() => t.close());

/** Yields to the event loop, so any other pending call could run here if the store let it. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const setting = async (key: string): Promise<string | undefined> =>
  (await t.desk.store.first(t.desk.store.kysely.selectFrom('settings').select('value').where('key', '=', key)))?.value;
const putSetting = (key: string, value: string): Promise<unknown> =>
  t.desk.store.run(t.desk.store.kysely.insertInto('settings').values({ key, value, updated_at: '2026-01-01T00:00:00Z', updated_by: null }));

describe('one connection, many callers', () => {
  it('B4: two overlapping bookings of the last unit, each awaiting between its queries, run one after the other: exactly one succeeds', async () => {
    const product = await t.aProduct({ pointsPrice: 500, stock: 1 });
    const buyers = [await t.aMember(), await t.aMember()];
    for (const m of buyers) await t.earn(m, 2_000, '2026-01-10');
    const order = (memberId: number, n: number): CreateInput => ({
      memberId,
      channel: 'phone',
      lines: [{ productId: product, quantity: 1 }],
      delivery: 'next_delivery',
      identity: { memberNo: true, address: true, email: false, phone: false },
      idempotencyKey: `overlap-${n}`,
      postageOre: 0,
    });
    const steps: string[] = [];
    const book = (memberId: number, n: number): Promise<unknown> =>
      t.desk.store.transaction(async () => {
        steps.push(`begin ${n}`);
        const stock = await t.desk.store.first(t.desk.store.kysely.selectFrom('bonus_products').select('stock').where('id', '=', product));
        await tick();
        steps.push(`saw stock ${stock?.stock ?? '?'} ${n}`);
        await tick();
        const r = await createRedemption(t.ctx('agent'), order(memberId, n));
        await tick();
        steps.push(`end ${n}`);
        return r;
      });
    const [a, b] = await Promise.allSettled([book(buyers[0] as number, 1), book(buyers[1] as number, 2)]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    expect(b.status === 'rejected' && b.reason instanceof DeskError && b.reason.code).toBe('sold_out');
    // The second transaction began only after the first had ended, and saw the stock it left.
    expect(steps).toEqual(['begin 1', 'saw stock 1 1', 'end 1', 'begin 2', 'saw stock 0 2']);
    const stock = await t.desk.store.first(t.desk.store.kysely.selectFrom('bonus_products').select('stock').where('id', '=', product));
    expect(stock?.stock).toBe(0);
    const booked = await t.desk.store.all(t.desk.store.kysely.selectFrom('redemptions').select('member_id').where('idempotency_key', 'like', 'overlap-%'));
    expect(booked).toEqual([{ member_id: buyers[0] }]);
  });

  it('a read outside a transaction waits for another call’s open transaction and never sees its uncommitted row', async () => {
    let finish: (() => void) | undefined;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const writer = t.desk.store.transaction(async () => {
      await putSetting('serialisation_probe', 'uncommitted');
      await held;
      throw new Error('changed my mind');
    });
    await tick();
    let read: string | undefined | null = null;
    const reader = setting('serialisation_probe').then((value) => {
      read = value;
    });
    for (let i = 0; i < 5; i++) await tick();
    expect(read).toBeNull(); // still waiting: the writer's transaction is open
    finish?.();
    await expect(writer).rejects.toThrow('changed my mind');
    await reader;
    expect(read).toBeUndefined(); // the row was rolled back, and the read never saw it
  });

  it('a read outside a transaction sees the row once the other transaction has committed', async () => {
    const writer = t.desk.store.transaction(async () => {
      await putSetting('serialisation_probe', 'committed');
      await tick();
    });
    const read = setting('serialisation_probe');
    await writer;
    expect(await read).toBe('committed');
  });

  it('a nested transaction joins its outer one; an error rolls back everything of that transaction', async () => {
    await expect(
      t.desk.store.transaction(async () => {
        await putSetting('outer_probe', '1');
        await t.desk.store.transaction(async () => {
          await putSetting('inner_probe', '1');
          await tick();
        });
        expect(await setting('inner_probe')).toBe('1'); // visible inside the transaction
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await setting('outer_probe')).toBeUndefined();
    expect(await setting('inner_probe')).toBeUndefined();
  });

  it('a nested transaction that fails and is caught undoes only its own writes (a savepoint)', async () => {
    await t.desk.store.transaction(async () => {
      await putSetting('outer_probe', '1');
      await expect(
        t.desk.store.transaction(async () => {
          await putSetting('inner_probe', '1');
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    expect(await setting('outer_probe')).toBe('1');
    expect(await setting('inner_probe')).toBeUndefined();
  });
});
