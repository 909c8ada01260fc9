import type { IpcMain } from 'electron';
import type { Connection } from '../desk.js';
import type { Result } from '../../shared/errors.js';
import { INVOKE_CHANNEL } from './bridge.js';
import { isAllowedSender, type SenderFrame } from './security.js';

/** The sending web contents, reduced to what the handler uses. */
export interface InvokeSender {
  readonly id: number;
  once(event: SenderEvent, listener: () => void): unknown;
  removeListener(event: SenderEvent, listener: () => void): unknown;
}

/** Electron's IpcMainInvokeEvent, reduced to what the handler uses. */
/** What ends a window's connection: closed, reloaded or navigated, or its renderer gone. */
type SenderEvent = 'destroyed' | 'did-navigate' | 'render-process-gone';

export interface InvokeEvent {
  readonly sender: InvokeSender;
  readonly senderFrame: SenderFrame | null;
}

export interface InvokeHandlerOptions {
  /** One Connection (and so one session token) per window. */
  connect(): Connection;
  /** Whether this web contents is one of our windows. */
  isOurWebContents(id: number): boolean;
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

/**
 * The body of `ipcMain.handle('desk:invoke', …)`. Checks the sender first (our window's main
 * frame showing our page), then hands the call to that window's Connection. Always resolves to a
 * plain `{ ok, value } | { ok: false, error }`: Error objects lose their fields over IPC.
 */
export function createInvokeHandler(options: InvokeHandlerOptions): InvokeHandler & { connections(): number } {
  const connections = new Map<number, Connection>();

  const connectionFor = (sender: InvokeSender): Connection => {
    const existing = connections.get(sender.id);
    if (existing !== undefined) return existing;
    const created = options.connect();
    connections.set(sender.id, created);
    const drop = (): void => {
      if (connections.get(sender.id) === created) connections.delete(sender.id);
      sender.removeListener('destroyed', drop);
      sender.removeListener('did-navigate', drop);
      sender.removeListener('render-process-gone', drop);
      // The session ends in the store too, so its token is worth nothing afterwards (issue 10).
      created.end().catch((error: unknown) => options.onError?.(error));
    };
    // A closed window ends its session; so does a reloaded page (it starts at sign-in again).
    sender.once('destroyed', drop);
    sender.once('did-navigate', drop);
    sender.once('render-process-gone', drop);
    return created;
  };

  const handler = async (event: InvokeEvent, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isAllowedSender(event.senderFrame, event.sender.id, options.isOurWebContents)) {
      options.onForbidden?.(event.senderFrame?.url);
      return forbidden;
    }
    try {
      return await connectionFor(event.sender).invoke(channel, input);
    } catch (error) {
      options.onError?.(error);
      return { ok: false, error: { code: 'internal', message: 'The desk could not complete this call.' } };
    }
  };
  return Object.assign(handler, { connections: () => connections.size });
}

/** Registers the one IPC handler of the app; returns a function that removes it. */
export function registerDeskIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: InvokeHandlerOptions): () => void {
  const handler = createInvokeHandler(options);
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => handler(event, channel, input));
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
