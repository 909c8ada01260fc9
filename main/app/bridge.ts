import { isChannelName } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';

/** The one IPC message between preload and main (ipc.ts answers it). */
export const INVOKE_CHANNEL = 'desk:invoke';

/** What the page gets as `window.desk`: one function, no Electron object (DESIGN.md, the contract). */
export interface DeskBridge {
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>;
}

export type Send = (ipcChannel: string, channel: string, input: unknown) => Promise<Result<unknown>>;

/**
 * Builds `window.desk`. A channel the contract does not declare is answered here, without a
 * message to main; main checks again (the router rejects unknown channels too).
 */
export function createDeskBridge(send: Send): DeskBridge {
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
  };
}
