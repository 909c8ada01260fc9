import type { ChannelInput, ChannelName, ChannelOutput } from '../shared/contract';
import { ErrorCode, type DeskErrorShape, type Result } from '../shared/errors';
import type { BridgeEvent } from '../shared/events';

/**
 * The typed client over `window.desk.invoke`, the one function the preload (or the browser
 * test bridge) gives the page. Nothing else of Node reaches the renderer (DESIGN.md).
 */
export interface DeskBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /**
   * What other desks changed, from the desk server's event stream, and whether the server can
   * be reached (issue 11). Absent on the embedded desk, where this window is the only desk.
   */
  subscribe?(listener: (event: BridgeEvent) => void): () => void;
}

declare global {
  interface Window {
    desk?: DeskBridge;
  }
}

/** A failed call, with the contract's error code; the UI shows `t('error.<code>')`. */
export class DeskClientError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(shape: DeskErrorShape) {
    super(shape.message);
    this.name = 'DeskClientError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

/** Any thrown value as a DeskClientError, so every failure has a code to translate. */
export function asDeskError(error: unknown): DeskClientError {
  if (error instanceof DeskClientError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeskClientError({ code: 'internal', message });
}

/** Calls one channel of the contract; resolves with its output or throws a DeskClientError. */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const bridge = window.desk;
  if (bridge === undefined) {
    throw new DeskClientError({ code: 'internal', message: 'window.desk is missing: the page was opened outside the desk app.' });
  }
  let result: Result<unknown>;
  try {
    result = await bridge.invoke(channel, input);
  } catch (error) {
    throw asDeskError(error);
  }
  if (result.ok) {
    // Outputs are typed from the contract on both sides. The main process parses them against
    // the contract's schemas before they cross only in development builds, tests and the
    // browser harness (openDesk's validateOutput); the packaged app does not re-check them.
    return result.value as ChannelOutput<C>;
  }
  const code = ErrorCode.safeParse(result.error.code);
  throw new DeskClientError({ ...result.error, code: code.success ? code.data : 'internal' });
}

/** Listen to the desk's events (a no-op where the bridge has none: the embedded desk). */
export function subscribeDesk(listener: (event: BridgeEvent) => void): () => void {
  return window.desk?.subscribe?.(listener) ?? (() => undefined);
}
