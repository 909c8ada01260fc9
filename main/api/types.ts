import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract.js';
import type { ServiceContext } from '../services/context.js';

/** What the router tells a handler about the call besides its input. */
export interface CallInfo {
  /** The caller's session token (null before sign-in). */
  readonly token: string | null;
  /** The caller's address where a desk server knows one (sign-in throttling per client); null on the embedded desk. */
  readonly client: string | null;
  /** Sign-in and sign-out change the caller's session through this. */
  setSession(token: string | null): void;
}

export type Handler<C extends ChannelName> = (
  ctx: ServiceContext,
  input: ParsedInput<C>,
  call: CallInfo,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

export type HandlerTable<C extends ChannelName> = { [K in C]: Handler<K> };
export type Handlers = HandlerTable<ChannelName>;

/**
 * The handler table of one channel area, derived from that area's channel table(s): every
 * channel of the area needs a handler and nothing else may be listed, so channel names are
 * written once (in `shared/channels/`). Use as `{ ... } satisfies HandlersFor<typeof runChannels>`.
 */
export type HandlersFor<T extends object> = HandlerTable<keyof T & ChannelName>;
