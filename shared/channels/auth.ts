import { z } from 'zod';
import { channel, Empty, Id, Ok } from '../contract-kit.js';
import { DisplayName, Password, Username } from '../fields.js';
import { admins, anyone, Role } from '../roles.js';

export const UserSummary = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  active: z.boolean(),
});
export type UserSummary = z.infer<typeof UserSummary>;

/** A sign-in throttle (issue 10): the growing delay after failures, per account or per client address. */
export const SignInThrottle = z.object({
  key: z.string(),
  kind: z.enum(['account', 'client']),
  /** The username or the client address. */
  subject: z.string(),
  failures: z.number().int(),
  firstFailureAt: z.string(),
  lastFailureAt: z.string(),
  blockedUntil: z.string(),
  /** Whether the next try must still wait. */
  active: z.boolean(),
});
export type SignInThrottle = z.infer<typeof SignInThrottle>;

export const SignInRecord = z.object({
  id: Id,
  at: z.string(),
  username: z.string(),
  userId: Id.nullable(),
  outcome: z.enum(['ok', 'bad_credentials', 'locked', 'inactive', 'logout', 'throttled']),
  client: z.string().nullable(),
});
export type SignInRecord = z.infer<typeof SignInRecord>;

export const SessionPolicy = z.object({
  /** Minutes without a call before a session ends (5 min to 12 h). */
  idleMinutes: z.number().int().min(5).max(720),
  /** Hours after sign-in before a session ends (1 h to 24 h). */
  maxHours: z.number().int().min(1).max(24),
});
export type SessionPolicy = z.infer<typeof SessionPolicy>;


export const authChannels = {
  'auth.login': channel({
    summary: 'Sign in; the session is kept by the caller (main process per window).',
    input: z.object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) }).strict(),
    output: z.object({ user: UserSummary }),
    roles: 'public',
    writes: true,
  }),
  'auth.logout': channel({ summary: 'Sign out.', input: Empty, output: Ok, roles: anyone, writes: true }),
  'auth.me': channel({
    summary: 'The signed-in user, or null.',
    input: Empty,
    output: z.object({ user: UserSummary.nullable() }),
    roles: 'public',
    writes: false,
  }),
  'setup.status': channel({
    summary: 'Whether this desk is new (no users yet): the first start offers demo or empty.',
    input: Empty,
    output: z.object({ needsSetup: z.boolean() }),
    roles: 'public',
    writes: false,
  }),
  'setup.demo': channel({
    summary: 'First start only: fill the new desk with demo data and the demo users.',
    input: z.object({ members: z.number().int().min(10).max(50_000).default(2_000) }).strict(),
    output: z.object({
      members: z.number().int(),
      /** The demo users and their passwords, shown on the sign-in screen of a demo desk. */
      users: z.array(z.object({ username: z.string(), displayName: z.string(), role: Role, password: z.string() })),
    }),
    roles: 'public',
    writes: true,
  }),
  'setup.empty': channel({
    summary: 'First start only: an empty desk with its first admin.',
    input: z.object({ username: Username, displayName: DisplayName, password: Password }).strict(),
    output: z.object({ user: UserSummary }),
    roles: 'public',
    writes: true,
  }),
  'users.list': channel({ summary: 'All users.', input: Empty, output: z.object({ users: z.array(UserSummary) }), roles: admins, writes: false }),
  'users.create': channel({
    summary: 'Add a user.',
    input: z.object({ username: Username, displayName: DisplayName, role: Role, password: Password }).strict(),
    output: z.object({ user: UserSummary }),
    roles: admins,
    writes: true,
  }),
  'users.update': channel({
    summary: 'Change role, name, or deactivate/reactivate. Users are never deleted, so the audit keeps its authors.',
    input: z
      .object({ userId: Id, role: Role.optional(), displayName: DisplayName.optional(), active: z.boolean().optional() })
      .strict(),
    output: z.object({ user: UserSummary }),
    roles: admins,
    writes: true,
  }),
  'security.throttles': channel({
    summary: 'Sign-in throttles in force or remembered (admin): who is being slowed down after failed sign-ins.',
    input: Empty,
    output: z.object({ throttles: z.array(SignInThrottle) }),
    roles: admins,
    writes: false,
  }),
  'security.liftThrottle': channel({
    summary: 'Lift a sign-in throttle: the account or client may try again at once.',
    input: z.object({ key: z.string().min(1).max(300) }).strict(),
    output: Ok,
    roles: admins,
    writes: true,
  }),
  'security.signIns': channel({
    summary: 'The latest sign-in attempts, successful and failed (admin).',
    input: z.object({ failedOnly: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ signIns: z.array(SignInRecord) }),
    roles: admins,
    writes: false,
  }),
  'security.sessionPolicy': channel({
    summary: 'How long sessions last: idle minutes and hours after sign-in (admin).',
    input: Empty,
    output: SessionPolicy,
    roles: admins,
    writes: false,
  }),
  'security.setSessionPolicy': channel({
    summary: 'Change how long sessions last; live sessions are held to the new times from their next call.',
    input: SessionPolicy.strict(),
    output: SessionPolicy,
    roles: admins,
    writes: true,
  }),
  'users.setPassword': channel({
    summary: 'Set a new password for a user.',
    input: z.object({ userId: Id, password: Password }).strict(),
    output: Ok,
    roles: admins,
    writes: true,
  }),
};
