import { describe, expect, it } from 'vitest';
import { channelNames, contract } from '../../shared/contract.js';
import { channelTopics, memberOfCall, silentChannels } from '../../shared/events.js';

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
