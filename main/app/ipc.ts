import type { IpcMain } from 'electron';
import type { Connection } from '../desk.js';
import type { Result } from '../../shared/errors.js';
import type { BridgeEvent } from '../../shared/events.js';
import { CONNECT_SERVER_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL, MAX_SERVER_ADDRESS } from './bridge.js';
import { isAllowedSender, isAppUrl, type SenderFrame } from './security.js';

/** What ends a window's connection: closed, reloaded or navigated, or its renderer gone. */
type SenderEvent = 'destroyed' | 'did-navigate' | 'render-process-gone';

/** The sending web contents (Electron's WebContents), reduced to what the handler uses. */
export interface InvokeSender {
  readonly id: number;
  once(event: SenderEvent, listener: () => void): unknown;
  removeListener(event: SenderEvent, listener: () => void): unknown;
  /** To this web contents' main frame only (the events of its own session). */
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  getURL(): string;
}

/** Electron's IpcMainInvokeEvent, reduced to what the handler uses. */
export interface InvokeEvent {
  readonly sender: InvokeSender;
  readonly senderFrame: SenderFrame | null;
}

/** A window's connection: the embedded desk's (main/desk.ts), or a RemoteConnection, which also has events. */
export type WindowConnection = Connection & { onEvent?(listener: (event: BridgeEvent) => void): () => void };

export interface InvokeHandlerOptions {
  /** One Connection (and so one session) per window. */
  connect(): WindowConnection;
  /** Whether this web contents is one of our windows. */
  isOurWebContents(id: number): boolean;
  /**
   * The first-start screen's "connect to the centre's desk server" (bridge.ts says why it is a
   * message of its own). Absent: the message is refused.
   */
  connectServer?(address: string): Promise<Result<unknown>>;
  /** A call that threw past the router (should not happen: the router returns `internal`). */
  onError?(error: unknown): void;
  /** A refused caller: who it claimed to be, for the log. */
  onForbidden?(url: string | undefined): void;
}

export const forbidden: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This caller may not use the desk.' },
};

export type InvokeHandler = (event: InvokeEvent, channel: unknown, input: unknown) => Promise<Result<unknown>>;
export type ConnectServerHandler = (event: InvokeEvent, address: unknown) => Promise<Result<unknown>>;

export interface InvokeHandlers extends InvokeHandler {
  /** The `desk:connect-server` handler, behind the same sender check. */
  connectServer: ConnectServerHandler;
  /** Windows with a connection now. */
  connections(): number;
  /** Ends every window's connection (signs out on a desk server) and waits for endings under way; the next call makes a new one. */
  endAll(): Promise<void>;
}

/**
 * The body of `ipcMain.handle('desk:invoke', …)`. Checks the sender first (our window's main
 * frame showing our page), then hands the call to that window's Connection. Always resolves to a
 * plain `{ ok, value } | { ok: false, error }`: Error objects lose their fields over IPC.
 * A connection that has events (a desk server's) has them sent to its own window, and only
 * while that window shows our page.
 */
export function createInvokeHandler(options: InvokeHandlerOptions): InvokeHandlers {
  const connections = new Map<number, { connection: WindowConnection; drop(): Promise<void> }>();
  /** Sessions being ended (a sign-out on its way to the desk server), so a quit can wait for them. */
  const ending = new Set<Promise<void>>();

  const connectionFor = (sender: InvokeSender): WindowConnection => {
    const existing = connections.get(sender.id);
    if (existing !== undefined) return existing.connection;
    const created = options.connect();
    const stopEvents = created.onEvent?.((event) => {
      if (sender.isDestroyed() || !options.isOurWebContents(sender.id) || !isAppUrl(sender.getURL())) return;
      sender.send(EVENT_CHANNEL, event);
    });
    const drop = async (): Promise<void> => {
      if (connections.get(sender.id)?.connection === created) connections.delete(sender.id);
      sender.removeListener('destroyed', onGone);
      sender.removeListener('did-navigate', onGone);
      sender.removeListener('render-process-gone', onGone);
      stopEvents?.();
      // The session ends in the store too, so its token is worth nothing afterwards (issue 10).
      const ended = created.end().catch((error: unknown) => options.onError?.(error));
      ending.add(ended);
      await ended;
      ending.delete(ended);
    };
    const onGone = (): void => void drop();
    connections.set(sender.id, { connection: created, drop });
    // A closed window ends its session; so does a reloaded page (it starts at sign-in again).
    sender.once('destroyed', onGone);
    sender.once('did-navigate', onGone);
    sender.once('render-process-gone', onGone);
    return created;
  };

  const allowed = (event: InvokeEvent): boolean => {
    if (isAllowedSender(event.senderFrame, event.sender.id, options.isOurWebContents)) return true;
    options.onForbidden?.(event.senderFrame?.url);
    return false;
  };

  const handler = async (event: InvokeEvent, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!allowed(event)) return forbidden;
    try {
      return await connectionFor(event.sender).invoke(channel, input);
    } catch (error) {
      options.onError?.(error);
      return { ok: false, error: { code: 'internal', message: 'The desk could not complete this call.' } };
    }
  };

  const connectServer: ConnectServerHandler = async (event, address) => {
    if (!allowed(event)) return forbidden;
    if (typeof address !== 'string' || address.length > MAX_SERVER_ADDRESS) {
      return { ok: false, error: { code: 'invalid_input', message: 'The server address is not valid.', details: { reason: 'address' } } };
    }
    if (options.connectServer === undefined) return { ok: false, error: { code: 'forbidden', message: 'This desk cannot connect to a desk server.' } };
    try {
      return await options.connectServer(address);
    } catch (error) {
      options.onError?.(error);
      return { ok: false, error: { code: 'internal', message: 'The desk could not complete this call.' } };
    }
  };

  return Object.assign(handler, {
    connectServer,
    connections: () => connections.size,
    endAll: async () => {
      await Promise.all([...[...connections.values()].map((entry) => entry.drop()), ...ending]);
    },
  });
}

/** The IPC handlers of the app, registered; `remove()` takes them away again. */
export interface RegisteredIpc {
  readonly handlers: InvokeHandlers;
  remove(): void;
}

/** Registers the app's two IPC handlers (`desk:invoke`, `desk:connect-server`). */
export function registerDeskIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: InvokeHandlerOptions): RegisteredIpc {
  const handlers = createInvokeHandler(options);
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => handlers(event, channel, input));
  ipcMain.handle(CONNECT_SERVER_CHANNEL, (event, address: unknown) => handlers.connectServer(event, address));
  return {
    handlers,
    remove: () => {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      ipcMain.removeHandler(CONNECT_SERVER_CHANNEL);
    },
  };
}
