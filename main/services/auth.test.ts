import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGN_IN_LOCK_MINUTES, SIGN_IN_MAX_FAILURES } from '../../shared/rules.js';
import { testDesk, testPassword, type TestDesk } from '../testing/test-desk.js';

/** Sign-in: recorded attempts, a temporary lock, sign-out, deactivation. */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-21T09:00:00Z');
});
afterEach(() => t.close());

const attempt = (password: string) => t.desk.connect().invoke('auth.login', { username: 'agent', password });

describe('sign-in', () => {
  it('locks the account after repeated failures, records every attempt, and opens again after the lock', async () => {
    for (let i = 1; i < SIGN_IN_MAX_FAILURES; i += 1) expect(await attempt('wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await attempt('wrong')).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    expect(await attempt(testPassword('agent'))).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    const outcomes = t.desk.store.sqlite.prepare("SELECT outcome FROM sign_ins WHERE username = 'agent' ORDER BY id").pluck().all();
    expect(outcomes.filter((o) => o === 'bad_credentials')).toHaveLength(SIGN_IN_MAX_FAILURES);
    expect(outcomes.at(-1)).toBe('locked');
    t.clock.advance(SIGN_IN_LOCK_MINUTES * 60_000 + 1_000);
    expect(await attempt(testPassword('agent'))).toMatchObject({ ok: true });
  });

  it('a deactivated user cannot sign in and their open sessions end', async () => {
    const agent = await t.as('agent');
    const admin = await t.as('admin');
    await admin.call('users.update', { userId: t.users.agent.id, active: false });
    expect(await agent.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await attempt(testPassword('agent'))).toMatchObject({ ok: false, error: { code: 'account_inactive' } });
  });

  it('users are never deleted: deactivation keeps the author of their ledger entries', async () => {
    const admin = await t.as('admin');
    await admin.call('users.update', { userId: t.users.agent.id, active: false });
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM users WHERE id = ?').pluck().get(t.users.agent.id)).toBe(1);
    expect(await admin.invoke('users.update', { userId: t.users.admin.id, active: false })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
