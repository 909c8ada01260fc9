import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract.js';
import type { ServiceContext } from '../services/context.js';

/** What the router tells a handler about the call besides its input. */
export interface CallInfo {
  /** The caller's session token (null before sign-in). */
  readonly token: string | null;
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
