import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from './router.js';
import { testDesk, TEST_PASSWORD_N, type TestDesk } from '../testing/test-desk.js';

/** Issue 10: bad tokens are refused, not thrown; refused calls are security events without their input. */

let t: TestDesk;
beforeAll(async () => {
  t = await testDesk();
});
afterAll(() => t.close());

const securityEvents = () =>
  t.desk.store.sqlite.prepare("SELECT user_id AS userId, action, details FROM audit_log WHERE action LIKE 'security.%' ORDER BY id").all() as {
    userId: number | null;
    action: string;
    details: string;
  }[];

describe('router and sessions', () => {
  it('a token of the wrong type or shape is unauthenticated, never a throw', async () => {
    const router = createRouter({ store: t.desk.store, clock: t.clock, passwords: { N: TEST_PASSWORD_N } });
    const tokens: unknown[] = [42, {}, [], true, { toString: () => 'x' }, '', 'short', 'x'.repeat(10_000), "' OR 1=1 --", '\u0000'.repeat(32), Symbol('t')];
    for (const token of tokens) {
      const reply = await router(token, 'members.search', { query: 'Kari' });
      expect(reply.result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    // A public channel still answers for such a caller, as for one without a session.
    expect((await router(42, 'auth.me', {})).result).toEqual({ ok: true, value: { user: null } });
  });

  it('records a forbidden call with who and which channel, but not the input', async () => {
    const agent = await t.as('agent');
    const before = securityEvents().length;
    const secret = 'Hemmelig-Passord-123!';
    expect(await agent.invoke('users.create', { username: 'mallory', displayName: 'M', role: 'admin', password: secret })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const events = securityEvents().slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId: t.users.agent.id, action: 'security.forbidden' });
    expect(JSON.parse(events[0]?.details ?? '{}')).toEqual({ channel: 'users.create', role: 'agent' });
    expect(JSON.stringify(t.desk.store.sqlite.prepare('SELECT * FROM audit_log').all())).not.toContain(secret);
  });

  it('records an unauthenticated call with the reason (no session, an ended one), not the input', async () => {
    const before = securityEvents().length;
    expect(await t.desk.connect().invoke('members.search', { query: 'Ola Nordmann 12345678' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const agent = await t.as('agent');
    await agent.call('auth.logout', {});
    const events = securityEvents().slice(before);
    expect(events.map((e) => [e.action, JSON.parse(e.details)])).toEqual([['security.unauthenticated', { channel: 'members.search', reason: 'no_session' }]]);
    expect(JSON.stringify(events)).not.toContain('Nordmann');
  });
});
