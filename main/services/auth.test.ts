import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SESSION_IDLE_MINUTES,
  SESSION_MAX_HOURS,
  SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS,
  SIGN_IN_CLIENT_MAX_DELAY_SECONDS,
  SIGN_IN_FREE_FAILURES,
} from '../../shared/rules.js';
import { openDesk } from '../desk.js';
import { TestClock } from '../clock.js';
import { testDesk, testPassword, TEST_PASSWORD_N, type TestDesk } from '../testing/test-desk.js';
import { login, throttleDelaySeconds } from './auth.js';
import { dummyHash, PRODUCTION_N } from './passwords.js';
import { DeskError } from '../../shared/errors.js';

/** Sign-in (issue 10): throttling instead of a lock, no username enumeration, sessions that end. */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-21T09:00:00Z');
});
afterEach(() => t.close());

const attempt = (password: string, username = 'agent') => t.desk.connect().invoke('auth.login', { username, password });
const outcomes = (username: string): unknown[] => t.desk.store.sqlite.prepare('SELECT outcome FROM sign_ins WHERE username = ? ORDER BY id').pluck().all(username);
const seconds = (n: number): number => n * 1_000;

/** Logs in through the service with a client address, as a desk server would. */
const fromClient = async (address: string, password: string, username = 'agent'): Promise<string> => {
  try {
    await login(t.ctx(null), username, password, { address });
    return 'ok';
  } catch (error) {
    return error instanceof DeskError ? error.code : 'thrown';
  }
};

describe('sign-in throttling', () => {
  it('slows guessing with growing delays, refuses a try that comes too soon without checking it, and records every attempt', async () => {
    for (let i = 0; i < SIGN_IN_FREE_FAILURES; i += 1) expect(await attempt('wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    // The failure after the free ones starts a 1 s delay, then 2 s, 4 s …
    expect(await attempt('wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    const early = await attempt(testPassword('agent'));
    expect(early).toMatchObject({ ok: false, error: { code: 'sign_in_throttled', details: { retryAfterSeconds: 1 } } });
    t.clock.advance(seconds(1));
    expect(await attempt('wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await attempt('wrong')).toMatchObject({ ok: false, error: { code: 'sign_in_throttled', details: { retryAfterSeconds: 2 } } });
    expect(outcomes('agent')).toEqual(['bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials', 'throttled', 'bad_credentials', 'throttled']);
  });

  it('cannot lock the staff out: after a hundred failures the real user waits at most the cap, then signs in', async () => {
    for (let i = 0; i < 100; i += 1) {
      await attempt('guess');
      t.clock.advance(seconds(SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS));
    }
    // The stranger's last guess was just now: the user waits no more than the cap.
    await attempt('guess');
    const refused = await attempt(testPassword('agent'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'sign_in_throttled' } });
    const wait = refused.ok ? 0 : Number(refused.error.details?.['retryAfterSeconds']);
    expect(wait).toBeLessThanOrEqual(SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS);
    t.clock.advance(seconds(wait));
    expect(await attempt(testPassword('agent'))).toMatchObject({ ok: true });
    // A success clears the count: the next mistake costs nothing.
    expect(await attempt('typo')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await attempt(testPassword('agent'))).toMatchObject({ ok: true });
  });

  it('delays grow 1, 2, 4 … seconds up to the caps', () => {
    const account = Array.from({ length: 12 }, (_, i) => throttleDelaySeconds(i + 1, SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS));
    expect(account).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30, 30].map((s) => Math.min(s, SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS)));
    expect(throttleDelaySeconds(1_000, SIGN_IN_CLIENT_MAX_DELAY_SECONDS)).toBe(SIGN_IN_CLIENT_MAX_DELAY_SECONDS);
  });

  it('an unknown username is answered, throttled and recorded exactly like a wrong password', async () => {
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < SIGN_IN_FREE_FAILURES + 2; i += 1) {
      const a = await attempt('wrong', 'agent');
      const b = await attempt('wrong', 'nobody-here');
      known.push(a.ok ? 'ok' : [a.error.code, a.error.message, a.error.details]);
      unknown.push(b.ok ? 'ok' : [b.error.code, b.error.message, b.error.details]);
    }
    expect(unknown).toEqual(known);
    expect(outcomes('nobody-here')).toEqual(outcomes('agent'));
  });

  it('the dummy hash an unknown username is checked against costs what a real one costs (same scrypt N)', () => {
    expect(dummyHash(PRODUCTION_N).split('$').slice(0, 4)).toEqual(['scrypt', String(PRODUCTION_N), '8', '1']);
    const real = t.desk.store.sqlite.prepare("SELECT password_hash FROM users WHERE username = 'agent'").pluck().get() as string;
    expect(dummyHash(TEST_PASSWORD_N).split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
  });

  it('per client: a client guessing across accounts is slowed down, other clients are not; a client that signed in before is not held back by the account', async () => {
    // The real agent signs in from their own desk once.
    expect(await fromClient('10.0.0.5', testPassword('agent'))).toBe('ok');
    // Strangers on many addresses guess at the agent account: the account is throttled …
    for (let i = 0; i < SIGN_IN_FREE_FAILURES + 1; i += 1) expect(await fromClient(`10.9.0.${i}`, 'guess')).toBe('bad_credentials');
    expect(await fromClient('10.9.1.1', testPassword('agent'))).toBe('sign_in_throttled');
    // … but the agent's own desk still gets straight in.
    expect(await fromClient('10.0.0.5', testPassword('agent'))).toBe('ok');
    // One stranger sprays several accounts from one address: that client is slowed down …
    const accounts = ['supervisor', 'manager', 'admin'] as const;
    for (let i = 0; i < SIGN_IN_FREE_FAILURES + 1; i += 1) expect(await fromClient('10.0.0.66', 'guess', accounts[i % 3])).toBe('bad_credentials');
    expect(await fromClient('10.0.0.66', testPassword('manager'), 'manager')).toBe('sign_in_throttled');
    // … while everybody else signs in as usual.
    expect(await fromClient('10.0.0.7', testPassword('manager'), 'manager')).toBe('ok');
  });

  it('an admin sees the throttles and lifts one; the lift is audited', async () => {
    for (let i = 0; i < SIGN_IN_FREE_FAILURES + 1; i += 1) await attempt('wrong', 'supervisor');
    const admin = await t.as('admin');
    const { throttles } = await admin.call('security.throttles', {});
    expect(throttles).toEqual([expect.objectContaining({ key: 'account:supervisor', kind: 'account', subject: 'supervisor', failures: SIGN_IN_FREE_FAILURES + 1, active: true })]);
    const { signIns } = await admin.call('security.signIns', { failedOnly: true, limit: 10 });
    expect(signIns.filter((s) => s.username === 'supervisor')).toHaveLength(SIGN_IN_FREE_FAILURES + 1);
    expect(await attempt(testPassword('supervisor'), 'supervisor')).toMatchObject({ ok: false, error: { code: 'sign_in_throttled' } });
    await admin.call('security.liftThrottle', { key: 'account:supervisor' });
    expect(await attempt(testPassword('supervisor'), 'supervisor')).toMatchObject({ ok: true });
    expect(t.desk.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'auth.liftThrottle'").pluck().get()).toBe(1);
    expect(await admin.invoke('security.liftThrottle', { key: 'account:supervisor' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const agent = await t.as('agent');
    expect(await agent.invoke('security.throttles', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('sessions end', () => {
  it(`after ${SESSION_IDLE_MINUTES} minutes without a call, but not while the agent keeps working`, async () => {
    const agent = await t.as('agent');
    for (let i = 0; i < 5; i += 1) {
      t.clock.advance((SESSION_IDLE_MINUTES - 1) * 60_000);
      expect(await agent.invoke('members.search', { query: 'Kari' })).toMatchObject({ ok: true });
    }
    t.clock.advance(SESSION_IDLE_MINUTES * 60_000);
    expect(await agent.invoke('members.search', { query: 'Kari' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'idle' } } });
    expect(t.desk.store.sqlite.prepare("SELECT ended_reason FROM sessions WHERE user_id = ? ORDER BY id DESC LIMIT 1").pluck().get(t.users.agent.id)).toBe('idle');
  });

  it(`${SESSION_MAX_HOURS} hours after sign-in however busy the session is`, async () => {
    const agent = await t.as('agent');
    for (let half = 0; half < 2 * SESSION_MAX_HOURS - 1; half += 1) {
      t.clock.advance(30 * 60_000);
      expect(await agent.invoke('members.search', { query: 'Kari' })).toMatchObject({ ok: true });
    }
    t.clock.advance(30 * 60_000);
    expect(await agent.invoke('members.search', { query: 'Kari' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'lifetime' } } });
  });

  it('an admin changes the times; live sessions are held to them on their next call', async () => {
    const agent = await t.as('agent');
    const admin = await t.as('admin');
    expect(await admin.call('security.sessionPolicy', {})).toEqual({ idleMinutes: SESSION_IDLE_MINUTES, maxHours: SESSION_MAX_HOURS });
    await admin.call('security.setSessionPolicy', { idleMinutes: 15, maxHours: 8 });
    expect(await admin.invoke('security.setSessionPolicy', { idleMinutes: 1, maxHours: 8 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    t.clock.advance(16 * 60_000);
    expect(await agent.invoke('members.search', { query: 'Kari' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'idle' } } });
  });

  it('a role changed by an admin ends the session: the next call is refused and a new sign-in carries the new role', async () => {
    const agent = await t.as('agent');
    const admin = await t.as('admin');
    await admin.call('users.update', { userId: t.users.agent.id, role: 'supervisor' });
    expect(await agent.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'role_changed' } } });
    const again = t.desk.connect();
    expect(await again.call('auth.login', { username: 'agent', password: testPassword('agent') })).toMatchObject({ user: { role: 'supervisor' } });
  });

  it('a deactivated user cannot sign in and their open sessions end', async () => {
    const agent = await t.as('agent');
    const admin = await t.as('admin');
    await admin.call('users.update', { userId: t.users.agent.id, active: false });
    expect(await agent.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await attempt(testPassword('agent'))).toMatchObject({ ok: false, error: { code: 'account_inactive' } });
  });

  it('a deactivation or role change in another process refuses the very next call here', async () => {
    const agent = await t.as('agent');
    const supervisor = await t.as('supervisor');
    expect(await agent.invoke('members.search', { query: 'x' })).toMatchObject({ ok: true });
    // A second desk process on the same file: the admin there deactivates the agent and demotes the supervisor.
    const script = `
      import { openDesk } from './main/desk.ts';
      const desk = await openDesk({ file: process.env.DESK_FILE, passwordN: ${TEST_PASSWORD_N}, idleCheckpointMs: 0 });
      const admin = desk.connect();
      await admin.call('auth.login', { username: 'admin', password: ${JSON.stringify(testPassword('admin'))} });
      await admin.call('users.update', { userId: ${t.users.agent.id}, active: false });
      await admin.call('users.update', { userId: ${t.users.supervisor.id}, role: 'agent' });
      desk.close();
      console.log('done');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, DESK_FILE: t.file },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.stdout.trim(), child.stderr).toBe('done');
    expect(await agent.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'deactivated' } } });
    expect(await supervisor.invoke('members.search', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', details: { reason: 'role_changed' } } });
  }, 180_000);

  it('a closed window ends its session in the store: the token is worth nothing afterwards', async () => {
    const window = await t.as('agent');
    const token = t.desk.store.sqlite.prepare('SELECT token FROM sessions WHERE user_id = ? AND ended_at IS NULL').pluck().get(t.users.agent.id) as string;
    await window.end();
    expect(await t.desk.invoke({ token, user: { id: t.users.agent.id, username: 'agent', displayName: 'x', role: 'agent', active: true } }, 'members.search', { query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', details: { reason: 'window_closed' } },
    });
  });

  it('users are never deleted: deactivation keeps the author of their ledger entries', async () => {
    const admin = await t.as('admin');
    await admin.call('users.update', { userId: t.users.agent.id, active: false });
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM users WHERE id = ?').pluck().get(t.users.agent.id)).toBe(1);
    expect(await admin.invoke('users.update', { userId: t.users.admin.id, active: false })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a desk opened on a file with live sessions from before still checks them (sessions live in the store)', async () => {
    await t.as('agent');
    const token = t.desk.store.sqlite.prepare('SELECT token FROM sessions WHERE user_id = ? AND ended_at IS NULL').pluck().get(t.users.agent.id) as string;
    const other = await openDesk({ file: t.file, clock: new TestClock('2026-11-21T09:30:00Z'), passwordN: TEST_PASSWORD_N, idleCheckpointMs: 0 });
    try {
      const session = { token, user: { id: t.users.agent.id, username: 'agent', displayName: 'x', role: 'agent' as const, active: true } };
      expect(await other.invoke(session, 'members.search', { query: 'x' })).toMatchObject({ ok: true });
    } finally {
      other.close();
    }
  });
});
