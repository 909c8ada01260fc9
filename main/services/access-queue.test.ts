import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteGate } from '../db/write-gate.js';
import { verifyChain } from '../db/audit-chain.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { flushAccessLog } from './audit.js';

/**
 * Issue 11 with B14: while a job's batch holds the write lock, a read (a search, a member page)
 * answers at once and its access row follows in order as soon as the lock is free — it never
 * waits for the batch, and no row is lost or out of order.
 */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-05T09:00:00Z');
});
afterEach(() => t.close());

const accessRows = (): { action: string; member_id: number | null; at: string }[] =>
  t.desk.store.sqlite.prepare('SELECT action, member_id, at FROM member_access_log ORDER BY id').all() as { action: string; member_id: number | null; at: string }[];

describe('B14 rows of reads behind a job batch (issue 11)', () => {
  it('answers a search and a member page while a job holds the write lock, then writes their rows in order with the time of the read', async () => {
    const memberId = await t.aMember();
    const agent = await t.as('agent');
    const before = accessRows().length;
    const job = WriteGate.forJob(t.desk.store.writeGate);
    await job.acquire();
    let answered = false;
    try {
      // Without the queue these calls would wait for the gate, which the test holds: they answer.
      await agent.call('members.search', { query: 'a' });
      await agent.call('members.get', { memberId });
      answered = true;
      expect(accessRows()).toHaveLength(before);
      t.clock.advance(60_000);
    } finally {
      job.release();
    }
    expect(answered).toBe(true);
    await flushAccessLog(t.desk.store);
    for (let i = 0; i < 100 && accessRows().length < before + 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const rows = accessRows().slice(before);
    expect(rows.map((r) => [r.action, r.member_id])).toEqual([
      ['search', null],
      ['view', memberId],
    ]);
    // Stamped when read, not when written a minute later.
    expect(rows.every((r) => r.at === '2026-11-05T09:00:00.000Z')).toBe(true);
    expect((await verifyChain(t.desk.store, 'member_access_log')).broken).toBeNull();
  });

  it('writes the row in the call when no job holds the lock (as before)', async () => {
    const agent = await t.as('agent');
    const before = accessRows().length;
    await agent.call('members.search', { query: 'a' });
    expect(accessRows()).toHaveLength(before + 1);
  });
});
