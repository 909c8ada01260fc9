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
  'users.setPassword': channel({
    summary: 'Set a new password for a user.',
    input: z.object({ userId: Id, password: Password }).strict(),
    output: Ok,
    roles: admins,
    writes: true,
  }),
};
