import { contract, isChannelName, type ChannelName } from '../../shared/contract.js';
import { DeskError, type Result } from '../../shared/errors.js';
import { checkSession } from '../services/auth.js';
import { securityEvent, type SecurityEventKind } from '../services/audit.js';
import { dummyHash } from '../services/passwords.js';
import type { PasswordCost, ServiceContext, Store } from '../services/context.js';
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

/** What the transport knows of the caller besides its session. */
export interface CallMeta {
  /** The client's address (a desk server); null on the embedded desk. */
  client?: string | null;
}

/** The token arrives from outside (IPC, HTTP): anything that is not a plausible token string is no session. */
export type Router = (token: unknown, channel: unknown, input: unknown, meta?: CallMeta) => Promise<Reply>;

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

export function createRouter(options: RouterOptions): Router {
  const { store, clock, passwords } = options;
  const base: ServiceContext = { store, clock, user: null, passwords };
  // Make the dummy hash now, so the first unknown username costs what a wrong password costs.
  dummyHash(passwords.N);

  /** A refused call as a security event (who and what, never the input); a failure to record it does not change the answer. */
  const refused = async (kind: SecurityEventKind, channel: string, userId: number | null, details?: Record<string, unknown>): Promise<void> => {
    try {
      await securityEvent(base, { kind, channel, userId, ...(details === undefined ? {} : { details }) });
    } catch (error) {
      options.onInternalError?.(error, channel);
    }
  };

  const route = async (rawToken: unknown, channel: unknown, input: unknown, meta: CallMeta): Promise<Reply> => {
    if (!isChannelName(channel)) {
      const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
      return fail(new DeskError('unknown_channel', `There is no channel named ${name}.`));
    }
    const def = contract[channel];
    const token = typeof rawToken === 'string' && TOKEN.test(rawToken) ? rawToken : null;
    // Every call is checked against the store (issue 10): a session signed out, idle, past its
    // lifetime, or whose user was deactivated or given another role on any desk ends here.
    const check = token === null ? null : await checkSession(base, token);
    const user = check?.user ?? null;
    if (def.roles !== 'public') {
      if (user === null) {
        const reason = rawToken === null || rawToken === undefined ? 'no_session' : check === null ? 'bad_token' : check.user === null ? check.ended : 'unknown';
        await refused('unauthenticated', channel, null, { reason });
        return fail(new DeskError('unauthenticated', 'Please sign in.', { reason }));
      }
      if (!def.roles.includes(user.role)) {
        await refused('forbidden', channel, user.id, { role: user.role });
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
        client: meta.client ?? null,
        setSession: (next) => {
          session = next;
        },
      });
      if (options.validateOutput === true) def.output.parse(value);
      const reply: Reply = { result: { ok: true, value } };
      if (session !== undefined) reply.session = session;
      return reply;
    } catch (error) {
      return fail(toDeskError(error, channel, options));
    }
  };

  return async (token, channel, input, meta = {}) => {
    try {
      return await route(token, channel, input, meta);
    } catch (error) {
      // Nothing a caller sends may throw past the router: the session check itself failing
      // (the store closed, a disk error) is an answer too.
      return fail(toDeskError(error, typeof channel === 'string' ? channel.slice(0, 80) : 'unknown', options));
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
