import { DeskError } from '../../../shared/errors.js';
import { createUser, listUsers, login, logout, setPassword, toUserSummary, updateUser, userCount } from '../../services/auth.js';
import { DEMO_PASSWORDS, DEMO_USERS } from '../../services/seed/index.js';
import { jobFinished, startJob } from '../../services/jobs.js';
import type { authChannels } from '../../../shared/channels/auth.js';
import type { HandlersFor } from '../types.js';

function assertNewDesk(ctx: Parameters<typeof userCount>[0]): void {
  if (userCount(ctx) > 0) throw new DeskError('conflict', 'This desk is already set up.');
}

export const authHandlers = {
  'auth.login': (ctx, input, call) => {
    const signedIn = login(ctx, input.username, input.password);
    call.setSession(signedIn.token);
    return { user: signedIn.user };
  },
  'auth.logout': (ctx, _input, call) => {
    if (call.token !== null) logout(ctx, call.token);
    call.setSession(null);
    return { ok: true };
  },
  'auth.me': (ctx) => ({
    user: ctx.user === null ? null : toUserSummary({ id: ctx.user.id, username: ctx.user.username, display_name: ctx.user.displayName, role: ctx.user.role, active: 1 }),
  }),
  'setup.status': (ctx) => ({ needsSetup: userCount(ctx) === 0 }),
  'setup.demo': async (ctx, input) => {
    assertNewDesk(ctx);
    // Seeding takes seconds: it runs in a worker thread, so the desk keeps answering meanwhile.
    const job = startJob(ctx, { kind: 'seed-demo', members: input.members, seed: 1 });
    const done = await jobFinished(ctx, job.jobId);
    if (done.state !== 'done') {
      const error = done.error ?? { code: 'internal' as const, message: 'Seeding the demo desk failed.' };
      throw new DeskError(error.code, error.message, error.details);
    }
    const summary = done.result as { members: number };
    return { members: summary.members, users: DEMO_USERS.map((u) => ({ ...u, password: DEMO_PASSWORDS[u.role] })) };
  },
  'setup.empty': (ctx, input) => {
    assertNewDesk(ctx);
    return { user: createUser(ctx, { ...input, role: 'admin' }) };
  },
  'users.list': (ctx) => ({ users: listUsers(ctx) }),
  'users.create': (ctx, input) => ({ user: createUser(ctx, input) }),
  'users.update': (ctx, input) => ({ user: updateUser(ctx, input) }),
  'users.setPassword': (ctx, input) => {
    setPassword(ctx, input.userId, input.password);
    return { ok: true };
  },
} satisfies HandlersFor<typeof authChannels>;
