import { randomBytes } from 'node:crypto';
import { DeskError } from '../../shared/errors.js';
import type { Role } from '../../shared/roles.js';
import { SIGN_IN_LOCK_MINUTES, SIGN_IN_MAX_FAILURES } from '../../shared/rules.js';
import type { UserSummary } from '../../shared/channels/auth.js';
import type { UserRow } from '../db/schema.js';
import { audit } from './audit.js';
import { actor, nowIso, type ServiceContext, type SessionUser } from './context.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';

export function toUserSummary(row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'active'>): UserSummary {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, active: row.active === 1 };
}

export interface SignedIn {
  token: string;
  user: UserSummary;
}

/**
 * Sign-in: a temporary lock after SIGN_IN_MAX_FAILURES failures in a row. The attempt is
 * recorded whatever the outcome. The password is verified outside the write transaction
 * (scrypt takes ~0.4 s and must not hold the write lock).
 */
export async function login(ctx: ServiceContext, username: string, password: string): Promise<SignedIn> {
  const db = ctx.store;
  const { kysely } = db;
  const name = username.trim().toLowerCase();
  const row = await db.first(kysely.selectFrom('users').selectAll().where('username', '=', name));
  const now = ctx.clock.now();
  const record = async (outcome: 'ok' | 'bad_credentials' | 'locked' | 'inactive', userId: number | null): Promise<void> => {
    await db.run(kysely.insertInto('sign_ins').values({ at: now.toISOString(), username: name, user_id: userId, outcome }));
  };
  if (row === undefined) {
    verifyPassword(password, DUMMY_HASH);
    await db.transaction(async () => record('bad_credentials', null));
    throw new DeskError('bad_credentials', 'Wrong username or password.');
  }
  if (row.locked_until !== null && row.locked_until > now.toISOString()) {
    await db.transaction(async () => record('locked', row.id));
    throw new DeskError('account_locked', 'Too many failed sign-ins; the account is locked for a while.', {
      lockedUntil: row.locked_until,
    });
  }
  const good = verifyPassword(password, row.password_hash);
  if (!good) {
    // The failure count, the lock and the sign-in record are committed before the refusal is
    // thrown: throwing inside the transaction would roll them back and nothing would ever lock.
    const lockedUntil = await db.transaction(async () => {
      const failures = row.failed_attempts + 1;
      const until = failures >= SIGN_IN_MAX_FAILURES ? new Date(now.getTime() + SIGN_IN_LOCK_MINUTES * 60_000).toISOString() : null;
      await db.run(
        kysely
          .updateTable('users')
          .set({ failed_attempts: until === null ? failures : 0, locked_until: until })
          .where('id', '=', row.id),
      );
      await record('bad_credentials', row.id);
      return until;
    });
    if (lockedUntil !== null) {
      throw new DeskError('account_locked', 'Too many failed sign-ins; the account is locked for a while.', { lockedUntil });
    }
    throw new DeskError('bad_credentials', 'Wrong username or password.');
  }
  if (row.active !== 1) {
    await db.transaction(async () => record('inactive', row.id));
    throw new DeskError('account_inactive', 'This account has been deactivated.');
  }
  const token = randomBytes(24).toString('base64url');
  await db.transaction(async () => {
    await db.run(kysely.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', row.id));
    await db.run(kysely.insertInto('sessions').values({ token, user_id: row.id, started_at: now.toISOString(), ended_at: null }));
    await record('ok', row.id);
  });
  return { token, user: toUserSummary(row) };
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  const db = ctx.store;
  const { kysely } = db;
  await db.transaction(async () => {
    await db.run(kysely.updateTable('sessions').set({ ended_at: nowIso(ctx) }).where('token', '=', token).where('ended_at', 'is', null));
    const user = actor(ctx);
    await db.run(kysely.insertInto('sign_ins').values({ at: nowIso(ctx), username: user.username, user_id: user.id, outcome: 'logout' }));
  });
}

/** The user behind a live session token, or null (ended session, deactivated user). */
export async function sessionUser(ctx: ServiceContext, token: string): Promise<SessionUser | null> {
  const db = ctx.store;
  const { kysely } = db;
  const row = await db.first(
    kysely
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.active'])
      .where('sessions.token', '=', token)
      .where('sessions.ended_at', 'is', null),
  );
  if (row === undefined || row.active !== 1) return null;
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
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
  const hash = hashPassword(input.password, ctx.passwords.N);
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
    if (input.active === false) {
      await db.run(kysely.updateTable('sessions').set({ ended_at: nowIso(ctx) }).where('user_id', '=', row.id).where('ended_at', 'is', null));
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
  const hash = hashPassword(password, ctx.passwords.N);
  await db.transaction(async () => {
    const { changes } = await db.run(
      kysely.updateTable('users').set({ password_hash: hash, failed_attempts: 0, locked_until: null }).where('id', '=', userId),
    );
    if (changes === 0) throw new DeskError('not_found', 'No such user.');
    await audit(ctx, { action: 'users.setPassword', channel: 'desk', details: { userId } });
  });
}

export async function userCount(ctx: ServiceContext): Promise<number> {
  const db = ctx.store;
  const { kysely } = db;
  return Number((await db.first(kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'))))?.n ?? 0);
}
