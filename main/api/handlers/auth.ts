import { DeskError } from '../../../shared/errors.js';
import {
  createUser,
  liftThrottle,
  listThrottles,
  listUsers,
  login,
  logout,
  recentSignIns,
  sessionPolicy,
  setPassword,
  setSessionPolicy,
  toUserSummary,
  updateUser,
  userCount,
} from '../../services/auth.js';
import { DEMO_PASSWORDS, DEMO_USERS } from '../../services/seed/index.js';
import { jobFinished, startJob } from '../../services/jobs.js';
import type { authChannels } from '../../../shared/channels/auth.js';
import type { HandlersFor } from '../types.js';

async function assertNewDesk(ctx: Parameters<typeof userCount>[0]): Promise<void> {
  if (await userCount(ctx) > 0) throw new DeskError('conflict', 'This desk is already set up.');
}

export const authHandlers = {
  'auth.login': async (ctx, input, call) => {
    const signedIn = await login(ctx, input.username, input.password, { address: call.client });
    call.setSession(signedIn.token);
    return { user: signedIn.user };
  },
  'auth.logout': async (ctx, _input, call) => {
    if (call.token !== null) await logout(ctx, call.token);
    call.setSession(null);
    return { ok: true };
  },
  'auth.me': (ctx) => ({
    user: ctx.user === null ? null : toUserSummary({ id: ctx.user.id, username: ctx.user.username, display_name: ctx.user.displayName, role: ctx.user.role, active: 1 }),
  }),
  'setup.status': async (ctx) => ({ needsSetup: await userCount(ctx) === 0 }),
  'setup.demo': async (ctx, input) => {
    await assertNewDesk(ctx);
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
  'setup.empty': async (ctx, input) => {
    await assertNewDesk(ctx);
    return { user: await createUser(ctx, { ...input, role: 'admin' }) };
  },
  'users.list': async (ctx) => ({ users: await listUsers(ctx) }),
  'users.create': async (ctx, input) => ({ user: await createUser(ctx, input) }),
  'users.update': async (ctx, input) => ({ user: await updateUser(ctx, input) }),
  'security.throttles': async (ctx) => ({ throttles: await listThrottles(ctx) }),
  'security.liftThrottle': async (ctx, input) => {
    await liftThrottle(ctx, input.key);
    return { ok: true };
  },
  'security.signIns': async (ctx, input) => ({ signIns: await recentSignIns(ctx, input) }),
  'security.sessionPolicy': async (ctx) => await sessionPolicy(ctx),
  'security.setSessionPolicy': async (ctx, input) => await setSessionPolicy(ctx, input),
  'users.setPassword': async (ctx, input) => {
    await setPassword(ctx, input.userId, input.password);
    return { ok: true };
  },
} satisfies HandlersFor<typeof authChannels>;
