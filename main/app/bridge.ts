import { isChannelName } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import type { BridgeEvent } from '../../shared/events.js';

/** The call from preload to main (ipc.ts answers it). */
export const INVOKE_CHANNEL = 'desk:invoke';
/** From main to our window only: the desk server's events and the connection's state (ipc.ts sends them). */
export const EVENT_CHANNEL = 'desk:event';
/**
 * From the first-start screen to main: connect this desk to the centre's desk server (issue 11).
 *
 * Why a message of its own and not a channel of the contract: the choice is about this machine's
 * app (where its window's desk lives), not about a desk. A contract channel would be answered by
 * every router — the desk server's too, for any browser — and only refused there; this message
 * exists only between our preload and our main, behind the same sender check as `desk:invoke`.
 * And the page needs to know whether the choice is offered at all: a browser, already on its
 * server, has no `connectServer` on its `window.desk` (renderer/http-bridge.ts), so it shows none.
 */
export const CONNECT_SERVER_CHANNEL = 'desk:connect-server';

/** The longest address the page may send (longer is refused before main hears it). */
export const MAX_SERVER_ADDRESS = 2_000;

/**
 * What the page gets as `window.desk` (DESIGN.md, the contract): three functions, no Electron
 * object. `subscribe` hears what main sends on `desk:event`; on the embedded desk nothing is sent.
 */
export interface DeskBridge {
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: BridgeEvent) => void): () => void;
  connectServer(address: unknown): Promise<Result<unknown>>;
}

export type Send = (ipcChannel: string, ...args: unknown[]) => Promise<Result<unknown>>;
/** Starts hearing one IPC message from main; returns the function that stops. */
export type Listen = (ipcChannel: string, listener: (payload: unknown) => void) => () => void;

const invalidAddress: Result<never> = { ok: false, error: { code: 'invalid_input', message: 'The server address is not valid.', details: { reason: 'address' } } };

/**
 * Builds `window.desk`. A channel the contract does not declare is answered here, without a
 * message to main; main checks again (the router rejects unknown channels too). Every page
 * listener shares one IPC listener, so subscribing often piles nothing up on ipcRenderer, and a
 * listener hears only the event (never Electron's event object, whose `sender` is ipcRenderer).
 */
export function createDeskBridge(send: Send, listen: Listen): DeskBridge {
  const listeners = new Set<(event: BridgeEvent) => void>();
  let stop: (() => void) | null = null;
  const deliver = (payload: unknown): void => {
    if (typeof payload !== 'object' || payload === null || !('kind' in payload) || typeof payload.kind !== 'string') return;
    for (const listener of [...listeners]) {
      try {
        listener(payload as BridgeEvent);
      } catch {
        // One page listener failing must not keep the event from the others.
      }
    }
  };
  return {
    invoke(channel, input) {
      if (!isChannelName(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown_channel', message: `There is no channel named ${String(channel)}.` },
        });
      }
      return send(INVOKE_CHANNEL, channel, input);
    },
    subscribe(listener) {
      if (typeof listener !== 'function') return () => undefined;
      const own = (event: BridgeEvent): void => listener(event);
      listeners.add(own);
      stop ??= listen(EVENT_CHANNEL, deliver);
      return () => {
        listeners.delete(own);
        if (listeners.size === 0 && stop !== null) {
          stop();
          stop = null;
        }
      };
    },
    connectServer(address) {
      if (typeof address !== 'string' || address.length > MAX_SERVER_ADDRESS) return Promise.resolve(invalidAddress);
      return send(CONNECT_SERVER_CHANNEL, address);
    },
  };
}
