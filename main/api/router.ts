import { contract, isChannelName, type ChannelName } from '../../shared/contract.js';
import { DeskError, type Result } from '../../shared/errors.js';
import { sessionUser } from '../services/auth.js';
import type { PasswordCost, ServiceContext, SessionUser, Store } from '../services/context.js';
import { handlers } from './handlers/index.js';
import type { Handler } from './types.js';

export interface RouterOptions {
  store: Store;
  /** The desk's clock (main/clock.ts), as services take it: the api imports only services and shared. */
  clock: ServiceContext['clock'];
  passwords: PasswordCost;
  /** Check every output against its schema (tests, the browser harness, the unpackaged app): a handler that breaks the contract fails loudly. */
  validateOutput?: boolean;
  /** Where unexpected errors are reported (they reach the caller only as `internal`). */
  onInternalError?: (error: unknown, channel: string) => void;
}

export interface Reply {
  result: Result<unknown>;
  /** Set when the call signed in (a token) or out (null). */
  session?: string | null;
}

export type Router = (token: string | null, channel: unknown, input: unknown) => Promise<Reply>;

export function createRouter(options: RouterOptions): Router {
  const { store, clock, passwords } = options;
  // Who is behind each live session token. Reads are the desk's hot path, so the user is not
  // looked up on every call; every write through the router (sign-out, deactivation, role
  // changes) clears the cache, so a change takes effect on the next call.
  const sessions = new Map<string, SessionUser | null>();
  const userOf = async (base: ServiceContext, token: string): Promise<SessionUser | null> => {
    let user = sessions.get(token);
    if (user === undefined) {
      user = await sessionUser(base, token);
      sessions.set(token, user);
    }
    return user;
  };
  return async (token, channel, input) => {
    if (!isChannelName(channel)) {
      const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
      return fail(new DeskError('unknown_channel', `There is no channel named ${name}.`));
    }
    const def = contract[channel];
    const base: ServiceContext = { store, clock, user: null, passwords };
    const user = token === null ? null : await userOf(base, token);
    if (def.roles !== 'public') {
      if (user === null) return fail(new DeskError('unauthenticated', 'Please sign in.'));
      if (!def.roles.includes(user.role)) {
        return fail(new DeskError('forbidden', `Your role (${user.role}) may not use ${channel}.`, { role: user.role }));
      }
    }
    // Input is validated after the role check, so a caller learns nothing of a channel it may not use.
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) {
      return fail(
        new DeskError('invalid_input', `The input to ${channel} is not valid.`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })),
        }),
      );
    }
    let session: string | null | undefined;
    const ctx: ServiceContext = { ...base, user };
    try {
      const handler = handlers[channel] as Handler<ChannelName>;
      const value: unknown = await handler(ctx, parsed.data as never, {
        token,
        setSession: (next) => {
          session = next;
        },
      });
      if (def.writes) sessions.clear();
      if (options.validateOutput === true) def.output.parse(value);
      const reply: Reply = { result: { ok: true, value } };
      if (session !== undefined) reply.session = session;
      return reply;
    } catch (error) {
      if (def.writes) sessions.clear();
      return fail(toDeskError(error, channel, options));
    }
  };
}

function fail(error: DeskError): Reply {
  return { result: { ok: false, error: error.toShape() } };
}

function toDeskError(error: unknown, channel: string, options: RouterOptions): DeskError {
  if (error instanceof DeskError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'SQLITE_BUSY') return new DeskError('conflict', 'The desk is busy; try again in a moment.');
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    options.onInternalError?.(error, channel);
    return new DeskError('conflict', 'The change conflicts with what is stored; nothing was saved.');
  }
  options.onInternalError?.(error, channel);
  return new DeskError('internal', 'Something went wrong; nothing was saved. The error was logged.');
}
