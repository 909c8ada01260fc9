import { describe, expect, it } from 'vitest';
import { channelNames, contract } from '../../shared/contract.js';
import { changeConcerns, channelTopics, memberOfCall, productsOfCall, silentChannels, type DeskEvent } from '../../shared/events.js';

/**
 * Issue 11: every writing channel decides what the other desks hear — topics in
 * `channelTopics`, or a reason in `silentChannels` — so a new channel cannot forget.
 */
describe('what each write tells the other desks', () => {
  const writes = channelNames.filter((name) => contract[name].writes);

  it.each(writes)('%s announces topics or says why it is silent', (name) => {
    const topics = channelTopics[name];
    const silent = silentChannels[name];
    expect(topics !== undefined || silent !== undefined, `${name} is in neither list`).toBe(true);
    expect(topics !== undefined && silent !== undefined, `${name} is in both lists`).toBe(false);
    if (topics !== undefined) expect(topics.length).toBeGreaterThan(0);
  });

  it('names only writing channels', () => {
    for (const name of [...Object.keys(channelTopics), ...Object.keys(silentChannels)]) {
      expect(writes, name).toContain(name);
    }
  });
});

describe('the member an event names', () => {
  it('is the input’s member, else the member of the redemption or held order the call answered with', () => {
    expect(memberOfCall({ memberId: 7, lines: [] }, { redemption: { memberId: 9 } })).toBe(7);
    // redemptions.cancel names only the redemption: the answer says whose it was.
    expect(memberOfCall({ redemptionId: 3, reason: 'x' }, { redemption: { id: 3, memberId: 9 } })).toBe(9);
    // heldOrders.book names only the held order; a refused booking still has its order's member.
    expect(memberOfCall({ heldOrderId: 4 }, { heldOrder: { id: 4, memberId: 11 }, redemption: null, problem: null })).toBe(11);
    // No member at all (a monthly run, a launch): every member page may need to look again.
    expect(memberOfCall({ month: '2026-10' }, { jobId: 'x' })).toBeUndefined();
    expect(memberOfCall({ memberId: 0 }, undefined)).toBeUndefined();
    expect(memberOfCall(null, null)).toBeUndefined();
  });
});

describe('which screens an event sends back to the store (issue 11: no fan-out to desks it does not concern)', () => {
  it('names the products whose stock a booking or a cancellation moved', () => {
    expect(productsOfCall({ memberId: 7, lines: [{ productId: 5, quantity: 1 }, { productId: 2, quantity: 2 }] }, { redemption: { lines: [{ productId: 5 }, { productId: 2 }] } })).toEqual([2, 5]);
    // redemptions.cancel and heldOrders.book name only their order: the redemption in the answer has the lines.
    expect(productsOfCall({ redemptionId: 3, reason: 'x' }, { redemption: { id: 3, lines: [{ productId: 9 }] } })).toEqual([9]);
    expect(productsOfCall({ heldOrderId: 4 }, { heldOrder: { id: 4 }, redemption: null, problem: null })).toBeUndefined();
    // A launch changed: no products named, so every banner reads again.
    expect(productsOfCall({ launchOn: '2026-12-10', name: 'Jul', productIds: [1] }, { id: 1 })).toBeUndefined();
  });

  it('leaves a launch banner alone when stock moved for products it does not show, and a member page for other members', () => {
    const sold = (productIds?: number[]): DeskEvent => ({ kind: 'changed', topics: ['stock', 'members'], memberId: 7, ...(productIds === undefined ? {} : { productIds }) });
    expect(changeConcerns(sold([5]), ['launches', 'stock'], { productIds: [1, 2] })).toBe(false);
    expect(changeConcerns(sold([2, 5]), ['launches', 'stock'], { productIds: [1, 2] })).toBe(true);
    expect(changeConcerns(sold(), ['launches', 'stock'], { productIds: [1, 2] })).toBe(true);
    expect(changeConcerns(sold([5]), ['stock'], {})).toBe(true);
    expect(changeConcerns(sold([5]), ['launches'], {})).toBe(false);
    expect(changeConcerns({ kind: 'changed', topics: ['launches', 'stock'], productIds: [5] }, ['launches', 'stock'], { productIds: [1] })).toBe(true);
    expect(changeConcerns(sold([5]), ['members'], { memberId: 8 })).toBe(false);
    expect(changeConcerns(sold([5]), ['members'], { memberId: 7 })).toBe(true);
    expect(changeConcerns({ kind: 'signed_out', reason: 'deactivated' }, ['members'], {})).toBe(false);
  });
});
