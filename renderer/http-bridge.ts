import { DeskEvent, type BridgeEvent } from '../shared/events';
import type { Result } from '../shared/errors';
import type { DeskBridge } from './desk';

/**
 * `window.desk` for a browser on the centre's network (issue 11): the same one function the
 * Electron preload gives the page, over `fetch` to the desk server the page was loaded from
 * (same origin; the session is an HttpOnly cookie the page never sees), plus the server's event
 * stream. A server that cannot be reached answers `unavailable`, and the page shows a banner
 * with a retry instead of freezing.
 */
export function httpBridge(base: string = '/api/'): DeskBridge {
  const listeners = new Set<(event: BridgeEvent) => void>();
  let lost = false;
  const tell = (event: BridgeEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const connection = (ok: boolean): void => {
    if (ok === !lost) return;
    lost = !ok;
    tell({ kind: 'connection', state: ok ? 'restored' : 'lost' });
  };

  let source: EventSource | null = null;
  const openStream = (): void => {
    if (source !== null || listeners.size === 0) return;
    const stream = new EventSource(`${base}events`);
    source = stream;
    stream.onopen = () => connection(true);
    stream.onmessage = (message: MessageEvent<string>) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      const event = DeskEvent.safeParse(parsed);
      if (!event.success) return;
      tell(event.data);
      if (event.data.kind === 'signed_out') closeStream();
    };
    // EventSource retries by itself after a dropped connection; a refusal (401 after sign-out)
    // closes it for good, and the next sign-in opens a new one.
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) closeStream();
      // Reconnecting: the server went away. Say so now, not at the agent's next call.
      else connection(false);
    };
  };
  const closeStream = (): void => {
    source?.close();
    source = null;
  };

  const invoke = async (channel: string, input: unknown): Promise<Result<unknown>> => {
    let response: Response;
    try {
      response = await fetch(`${base}invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel, input }),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      connection(false);
      return { ok: false, error: { code: 'unavailable', message: 'The desk server cannot be reached.' } };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (response.status >= 500 && (body === null || typeof body !== 'object' || !('ok' in body))) {
      // A proxy's error page, a server starting or stopping (503).
      connection(false);
      return { ok: false, error: { code: 'unavailable', message: `The desk server answered ${response.status}.` } };
    }
    connection(true);
    if (body !== null && typeof body === 'object' && 'ok' in body) {
      const result = body as Result<unknown>;
      if (result.ok && (channel === 'auth.login' || channel === 'auth.me')) {
        // Signed in (or still signed in after a reload): the event stream follows the session.
        closeStream();
        openStream();
      }
      if (channel === 'auth.logout') closeStream();
      return result;
    }
    return { ok: false, error: { code: 'internal', message: `The desk server answered ${response.status} without a result.` } };
  };

  return {
    invoke,
    subscribe(listener) {
      listeners.add(listener);
      openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) closeStream();
      };
    },
  };
}

/** In a browser (no preload gave the page a desk), the page talks to its server. */
export function installHttpBridge(): void {
  if (window.desk !== undefined) return;
  Object.defineProperty(window, 'desk', { value: Object.freeze(httpBridge()) });
}
