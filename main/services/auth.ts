import { randomBytes } from 'node:crypto';
import { DeskError } from '../../shared/errors.js';
import type { Role } from '../../shared/roles.js';
import { SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS, SIGN_IN_CLIENT_MAX_DELAY_SECONDS, SIGN_IN_FORGET_HOURS, SIGN_IN_FREE_FAILURES } from '../../shared/rules.js';
import type { SignInRecord, SignInThrottle, UserSummary } from '../../shared/channels/auth.js';
import type { SessionEndReason, UserRow } from '../db/schema.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext, type SessionUser } from './context.js';
import { preparedPerStore, type ParamMaker } from '../db/store.js';
import { dummyHash, hashPasswordAsync, verifyPasswordAsync } from './passwords.js';
import { getSetting, setSettings, settingFromText } from './settings.js';

export function toUserSummary(row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'active'>): UserSummary {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, active: row.active === 1 };
}

export interface SignedIn {
  token: string;
  user: UserSummary;
}

/** Who is signing in from where: the client address where a desk server knows one (null on the embedded desk). */
export interface SignInClient {
  address: string | null;
}

type Outcome = 'ok' | 'bad_credentials' | 'throttled' | 'inactive';

/** The delay after `failures` failures in a row: none for the first few, then 1 s, 2 s, 4 s … up to `cap`. */
export function throttleDelaySeconds(failures: number, cap: number): number {
  const over = failures - SIGN_IN_FREE_FAILURES;
  if (over <= 0) return 0;
  return Math.min(cap, 2 ** Math.min(over - 1, 30));
}

const accountKey = (username: string): string => `account:${username}`;
const clientKey = (address: string): string => `client:${address}`;

/**
 * Sign-in with throttling instead of a lock (issue 10). After a few failures in a row, each
 * further attempt for that account (and from that client, where there is one) must wait a
 * growing delay; an attempt that comes too soon is refused as `sign_in_throttled` without its
 * password being checked, so guessing is slowed to one try per delay. The account's delay is
 * capped at 30 s, so a stranger at the sign-in screen can make a user wait, never shut them out;
 * and a client that has signed in to the account before is not held back by the account's delay
 * (on a desk server the stranger is elsewhere), only by its own. Unknown usernames go through the
 * same steps with a dummy hash of the same cost, so neither the answer nor its time tells whether
 * a username exists. Every attempt is recorded in `sign_ins`. The password is verified outside
 * any transaction (scrypt takes ~0.4 s and must not hold the write lock).
 */
export async function login(ctx: ServiceContext, username: string, password: string, client: SignInClient = { address: null }): Promise<SignedIn> {
  const db = ctx.store;
  const { kysely } = db;
  const name = username.trim().toLowerCase();
  const now = ctx.clock.now();
  const at = now.toISOString();
  const record = async (outcome: Outcome, userId: number | null): Promise<void> => {
    await db.run(kysely.insertInto('sign_ins').values({ at, username: name, user_id: userId, outcome, client: client.address }));
  };
  const row = await db.first(kysely.selectFrom('users').selectAll().where('username', '=', name));

  // Throttled? The account's delay does not hold back a client that has signed in to it before.
  const keys = [accountKey(name), ...(client.address === null ? [] : [clientKey(client.address)])];
  const throttles = await db.all(kysely.selectFrom('sign_in_throttles').selectAll().where('key', 'in', keys));
  const known =
    client.address !== null &&
    row !== undefined &&
    (await db.first(
      kysely.selectFrom('sign_ins').select('id').where('user_id', '=', row.id).where('outcome', '=', 'ok').where('client', '=', client.address).limit(1),
    )) !== undefined;
  const holding = throttles.filter((t) => t.blocked_until > at && !(t.kind === 'account' && known));
  if (holding.length > 0) {
    const until = holding.map((t) => t.blocked_until).sort().at(-1) ?? at;
    await db.transaction(async () => record('throttled', row?.id ?? null));
    throw new DeskError('sign_in_throttled', 'Too many failed sign-ins; wait a moment before the next try.', {
      retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000)),
    });
  }

  // A user without a usable hash (an account imported by B15's import-all, which must be given a
  // password) is checked against the dummy too: the time does not tell such accounts apart.
  const stored = row?.password_hash;
  const usable = stored !== undefined && stored.startsWith('scrypt$');
  const good = (await verifyPasswordAsync(password, usable ? stored : dummyHash(ctx.passwords.N))) && usable;
  if (row === undefined || !good) {
    // The failure and its delay are committed before the refusal is thrown (a throw inside the
    // transaction would roll them back and nothing would ever slow down).
    await db.transaction(async () => {
      await failed(ctx, name, client.address, now);
      await record('bad_credentials', row?.id ?? null);
    });
    throw new DeskError('bad_credentials', 'Wrong username or password.');
  }
  if (row.active !== 1) {
    await db.transaction(async () => record('inactive', row.id));
    throw new DeskError('account_inactive', 'This account has been deactivated.');
  }
  const token = randomBytes(24).toString('base64url');
  await db.transaction(async () => {
    await db.run(kysely.deleteFrom('sign_in_throttles').where('key', 'in', keys));
    await db.run(
      kysely.insertInto('sessions').values({ token, user_id: row.id, started_at: at, ended_at: null, last_seen_at: at, client: client.address, role: row.role }),
    );
    await record('ok', row.id);
  });
  return { token, user: toUserSummary(row) };
}

/** Counts a failure against the account and the client, and forgets failures older than a day. */
async function failed(ctx: ServiceContext, username: string, address: string | null, now: Date): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  const at = now.toISOString();
  await db.run(kysely.deleteFrom('sign_in_throttles').where('last_failure_at', '<', new Date(now.getTime() - SIGN_IN_FORGET_HOURS * 3_600_000).toISOString()));
  const subjects: { key: string; kind: 'account' | 'client'; subject: string; cap: number }[] = [
    { key: accountKey(username), kind: 'account', subject: username, cap: SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS },
  ];
  if (address !== null) subjects.push({ key: clientKey(address), kind: 'client', subject: address, cap: SIGN_IN_CLIENT_MAX_DELAY_SECONDS });
  for (const s of subjects) {
    const before = await db.first(kysely.selectFrom('sign_in_throttles').select(['failures', 'first_failure_at']).where('key', '=', s.key));
    const failures = (before?.failures ?? 0) + 1;
    const blockedUntil = new Date(now.getTime() + throttleDelaySeconds(failures, s.cap) * 1000).toISOString();
    await db.run(
      kysely
        .insertInto('sign_in_throttles')
        .values({ key: s.key, kind: s.kind, subject: s.subject, failures, first_failure_at: before?.first_failure_at ?? at, last_failure_at: at, blocked_until: blockedUntil })
        .onConflict((oc) => oc.column('key').doUpdateSet({ failures, last_failure_at: at, blocked_until: blockedUntil })),
    );
  }
}

/** Throttles in force or remembered (admin screen), newest failure first. */
export async function listThrottles(ctx: ServiceContext): Promise<SignInThrottle[]> {
  const db = ctx.store;
  const now = nowIso(ctx);
  const rows = await db.all(db.kysely.selectFrom('sign_in_throttles').selectAll().orderBy('last_failure_at', 'desc').limit(500));
  return rows.map((r) => ({
    key: r.key,
    kind: r.kind,
    subject: r.subject,
    failures: r.failures,
    firstFailureAt: r.first_failure_at,
    lastFailureAt: r.last_failure_at,
    blockedUntil: r.blocked_until,
    active: r.blocked_until > now,
  }));
}

/** An admin lifts a throttle: the account (or client) may try again at once, with a clean count. */
export async function liftThrottle(ctx: ServiceContext, key: string): Promise<void> {
  const db = ctx.store;
  await db.transaction(async () => {
    const { changes } = await db.run(db.kysely.deleteFrom('sign_in_throttles').where('key', '=', key));
    if (changes === 0) throw new DeskError('not_found', 'No such throttle (it may have been lifted or forgotten already).');
    await audit(ctx, { action: 'auth.liftThrottle', channel: 'desk', details: { key } });
  });
}

/** The latest sign-in attempts (admin screen), newest first. */
export async function recentSignIns(ctx: ServiceContext, input: { failedOnly: boolean; limit: number }): Promise<SignInRecord[]> {
  const db = ctx.store;
  let q = db.kysely.selectFrom('sign_ins').select(['id', 'at', 'username', 'user_id', 'outcome', 'client']).orderBy('id', 'desc').limit(input.limit);
  if (input.failedOnly) q = q.where('outcome', 'in', ['bad_credentials', 'throttled', 'inactive', 'locked']);
  return (await db.all(q)).map((r) => ({ id: r.id, at: r.at, username: r.username, userId: r.user_id, outcome: r.outcome, client: r.client }));
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    await db.run(kysely.updateTable('sessions').set({ ended_at: nowIso(ctx), ended_reason: 'signed_out' }).where('token', '=', token).where('ended_at', 'is', null));
    const user = actor(ctx);
    await db.run(kysely.insertInto('sign_ins').values({ at: nowIso(ctx), username: user.username, user_id: user.id, outcome: 'logout' }));
  });
}

/** Ends a session for a reason other than signing out (the window closed or reloaded). */
export async function endSession(ctx: ServiceContext, token: string, reason: SessionEndReason): Promise<void> {
  const db = ctx.store;
  await db.run(db.kysely.updateTable('sessions').set({ ended_at: nowIso(ctx), ended_reason: reason }).where('token', '=', token).where('ended_at', 'is', null));
}

/** What the store says of a session token on a call: its user, or why there is none. */
export type SessionCheck = { user: SessionUser } | { user: null; ended: SessionEndReason | 'unknown' };

/** last_seen_at is written at most this often, so a read is not a write on every call. */
const TOUCH_EVERY_MS = 60_000;

/** The session read of every call, compiled once per store (a compile per call was a third of it). */
const sessionRead = preparedPerStore((store, p: ParamMaker<{ token: string }>) =>
  store.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sessionId',
      'sessions.started_at',
      'sessions.last_seen_at',
      'sessions.ended_reason',
      'sessions.ended_at',
      'sessions.role as sessionRole',
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.active',
    ])
    // The session times in the same read (issue 12: one statement per call's check instead of three).
    .select((eb) => [
      eb.selectFrom('settings').select('value').where('key', '=', 'session_idle_minutes').as('idle_setting'),
      eb.selectFrom('settings').select('value').where('key', '=', 'session_max_hours').as('max_setting'),
    ])
    .where('sessions.token', '=', p('token')),
);

/**
 * The user behind a session token, checked against the store on every call (one indexed lookup,
 * and a write at most once a minute): a session ends when signed out, after SESSION_IDLE_MINUTES
 * without a call, SESSION_MAX_HOURS after sign-in (both admin settings), when its window closed,
 * or when its user was deactivated or given another role — on any desk or process sharing the
 * store, effective on the very next call.
 */
export async function checkSession(ctx: ServiceContext, token: string): Promise<SessionCheck> {
  const db = ctx.store;
  const { kysely } = db;
  const row = await sessionRead(db).first({ token });
  if (row === undefined) return { user: null, ended: 'unknown' };
  if (row.ended_at !== null) return { user: null, ended: row.ended_reason ?? 'signed_out' };
  const now = ctx.clock.now();
  const policy: SessionPolicy = { idleMinutes: settingFromText('session_idle_minutes', row.idle_setting), maxHours: settingFromText('session_max_hours', row.max_setting) };
  const lastSeen = Date.parse(row.last_seen_at ?? row.started_at);
  let ended: SessionEndReason | null = null;
  if (row.active !== 1) ended = 'deactivated';
  else if (row.sessionRole !== null && row.sessionRole !== row.role) ended = 'role_changed';
  else if (now.getTime() - Date.parse(row.started_at) >= policy.maxHours * 3_600_000) ended = 'lifetime';
  else if (now.getTime() - lastSeen >= policy.idleMinutes * 60_000) ended = 'idle';
  if (ended !== null) {
    await db.run(kysely.updateTable('sessions').set({ ended_at: now.toISOString(), ended_reason: ended }).where('id', '=', row.sessionId).where('ended_at', 'is', null));
    return { user: null, ended };
  }
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
    await db.run(kysely.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', row.sessionId));
  }
  return { user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role } };
}

/** The user behind a live session token, or null. */
export async function sessionUser(ctx: ServiceContext, token: string): Promise<SessionUser | null> {
  return (await checkSession(ctx, token)).user;
}

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export async function sessionPolicy(ctx: ServiceContext): Promise<SessionPolicy> {
  return { idleMinutes: await getSetting(ctx.store, 'session_idle_minutes'), maxHours: await getSetting(ctx.store, 'session_max_hours') };
}

/**
 * An admin changes the session times; live sessions are measured against the new times from their
 * next call. The same write as the Settings page (settings.ts, setSettings): checked against the
 * settings' limits, one transaction, an audit row with before and after for each time that changed.
 */
export async function setSessionPolicy(ctx: ServiceContext, policy: SessionPolicy): Promise<SessionPolicy> {
  await setSettings(ctx, { session_idle_minutes: policy.idleMinutes, session_max_hours: policy.maxHours });
  return await sessionPolicy(ctx);
}

export async function listUsers(ctx: ServiceContext): Promise<UserSummary[]> {
  const db = ctx.store;
  const { kysely } = db;
  return (await db.all(kysely.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'active']).orderBy('username'))).map(toUserSummary);
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

/** Adds a user; the first admin of an empty desk is created with `ctx.user` null. */
export async function createUser(ctx: ServiceContext, input: NewUser): Promise<UserSummary> {
  const db = ctx.store;
  const { kysely } = db;
  const hash = await hashPasswordAsync(input.password, ctx.passwords.N);
  return await db.transaction(async () => {
    const exists = await db.first(kysely.selectFrom('users').select('id').where('username', '=', input.username));
    if (exists !== undefined) throw new DeskError('conflict', `The username ${input.username} is taken.`, { field: 'username' });
    const { lastId } = await db.run(
      kysely.insertInto('users').values({
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        password_hash: hash,
        locked_until: null,
        created_at: nowIso(ctx),
      }),
    );
    await audit(ctx, { action: 'users.create', channel: 'desk', details: { userId: lastId, username: input.username, role: input.role } });
    return { id: lastId, username: input.username, displayName: input.displayName, role: input.role, active: true };
  });
}

export async function updateUser(
  ctx: ServiceContext,
  input: { userId: number; role?: Role | undefined; displayName?: string | undefined; active?: boolean | undefined },
): Promise<UserSummary> {
  const db = ctx.store;
  const { kysely } = db;
  const me = actor(ctx);
  return await db.transaction(async () => {
    const row = await db.first(kysely.selectFrom('users').selectAll().where('id', '=', input.userId));
    if (row === undefined) throw new DeskError('not_found', 'No such user.');
    if (input.userId === me.id && (input.active === false || (input.role !== undefined && input.role !== 'admin'))) {
      throw new DeskError('conflict', 'You cannot deactivate or demote yourself; ask another admin.');
    }
    await db.run(
      kysely
        .updateTable('users')
        .set({
          role: input.role ?? row.role,
          display_name: input.displayName ?? row.display_name,
          active: input.active === undefined ? row.active : input.active ? 1 : 0,
        })
        .where('id', '=', row.id),
    );
    const ended: SessionEndReason | null = input.active === false ? 'deactivated' : input.role !== undefined && input.role !== row.role ? 'role_changed' : null;
    if (ended !== null) {
      await db.run(kysely.updateTable('sessions').set({ ended_at: nowIso(ctx), ended_reason: ended }).where('user_id', '=', row.id).where('ended_at', 'is', null));
    }
    await audit(ctx, { action: 'users.update', channel: 'desk', details: { ...input, userId: row.id } });
    const after = await db.first(kysely.selectFrom('users').selectAll().where('id', '=', row.id));
    if (after === undefined) throw new DeskError('internal', 'user vanished');
    return toUserSummary(after);
  });
}

export async function setPassword(ctx: ServiceContext, userId: number, password: string): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  const hash = await hashPasswordAsync(password, ctx.passwords.N);
  await db.transaction(async () => {
    const { changes } = await db.run(kysely.updateTable('users').set({ password_hash: hash }).where('id', '=', userId));
    if (changes === 0) throw new DeskError('not_found', 'No such user.');
    await audit(ctx, { action: 'users.setPassword', channel: 'desk', details: { userId } });
  });
}

export async function userCount(ctx: ServiceContext): Promise<number> {
  const db = ctx.store;
  const { kysely } = db;
  return Number((await db.first(kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'))))?.n ?? 0);
}
