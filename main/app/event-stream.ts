import { DeskEvent } from '../../shared/events.js';

/**
 * The desk server's event stream (`GET /api/events`, Server-Sent Events), read in main for one
 * window's session (issue 11). The session cookie goes with the request from main's own jar; the
 * page only ever hears the parsed events (ipc.ts forwards them). A dropped stream is opened again
 * with a bounded, jittered backoff, so fifty desks do not knock on a restarted server at once.
 */

export interface EventStreamOptions {
  /** The server's origin, e.g. `https://desk.centre.example:8443`. */
  url: string;
  /** The request headers for each attempt (the cookie, read when the attempt starts). */
  headers(): Record<string, string>;
  onEvent(event: DeskEvent): void;
  /** An attempt got an answer (true) or none (false): the server can or cannot be reached. */
  onReachable(ok: boolean): void;
  /** The server refused the stream (401: the session is gone). The stream stops for good. */
  onRefused(status: number): void;
  /** Longest wait for the stream's headers (ms). */
  connectTimeoutMs?: number;
  /** A stream silent this long is taken as dead (the server sends a comment every 25 s). */
  idleMs?: number;
  /** The first wait after a drop, and the longest between failed attempts (ms). */
  backoff?: { firstMs?: number; maxMs?: number };
}

export interface EventStream {
  close(): void;
  /** Whether a stream is open right now (headers received, not ended). */
  connected(): boolean;
}

/** An event's text larger than this is not one of ours: the stream is dropped and opened again. */
const MAX_BUFFER = 1024 * 1024;

type Outcome = 'ended' | 'failed' | 'refused' | 'signed_out';

export function openEventStream(options: EventStreamOptions): EventStream {
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const idleMs = options.idleMs ?? 60_000;
  const firstMs = options.backoff?.firstMs ?? 1_000;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  let closed = false;
  let open = false;
  let controller: AbortController | null = null;
  let wake: (() => void) | null = null;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = () => {
        clearTimeout(timer);
        done();
      };
    });

  /** The wait before the next attempt: `firstMs` after a stream that was open, doubling per failure, at most `maxMs`, ±20 %. */
  const delay = (failures: number): number => {
    const base = Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  const attempt = async (): Promise<Outcome> => {
    const aborter = new AbortController();
    controller = aborter;
    const connectTimer = setTimeout(() => aborter.abort(), connectTimeoutMs);
    let response: Response;
    try {
      response = await fetch(new URL('/api/events', options.url), {
        headers: { ...options.headers(), accept: 'text/event-stream' },
        redirect: 'error',
        signal: aborter.signal,
      });
    } catch {
      return 'failed';
    } finally {
      clearTimeout(connectTimer);
    }
    const body = response.body;
    if (response.status === 401 || response.status === 403) {
      await body?.cancel().catch(() => undefined);
      options.onReachable(true);
      options.onRefused(response.status);
      return 'refused';
    }
    if (response.status !== 200 || body === null || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await body?.cancel().catch(() => undefined);
      return 'failed';
    }
    open = true;
    options.onReachable(true);

    let idleTimer = setTimeout(() => aborter.abort(), idleMs);
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let data: string[] = [];
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || closed) return 'ended';
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => aborter.abort(), idleMs);
        buffer += decoder.decode(value, { stream: true });
        if (buffer.length > MAX_BUFFER) return 'ended';
        for (;;) {
          const end = buffer.search(/\r\n|\n|\r/);
          if (end < 0) break;
          // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
          if (buffer[end] === '\r' && end === buffer.length - 1) break;
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
          if (line === '') {
            // A blank line ends an event (the SSE format): its data lines joined by newlines.
            const text = data.join('\n');
            data = [];
            if (text === '') continue;
            const event = parseEvent(text);
            if (event === null) continue;
            options.onEvent(event);
            // The server closes this stream after it; a new sign-in opens a new one.
            if (event.kind === 'signed_out') return 'signed_out';
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const raw = colon < 0 ? '' : line.slice(colon + 1);
          if (field === 'data') data.push(raw.startsWith(' ') ? raw.slice(1) : raw);
        }
      }
    } catch {
      // Aborted (closed, or silent too long) or the connection broke: open it again.
      return 'ended';
    } finally {
      open = false;
      clearTimeout(idleTimer);
      aborter.abort();
      reader.releaseLock();
    }
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!closed) {
      const outcome = await attempt();
      if (closed || outcome === 'refused' || outcome === 'signed_out') return;
      if (outcome === 'failed') {
        failures += 1;
        options.onReachable(false);
      } else {
        failures = 0;
      }
      await sleep(delay(failures));
    }
  };
  void run();

  return {
    close() {
      if (closed) return;
      closed = true;
      controller?.abort();
      wake?.();
    },
    connected: () => open,
  };
}

function parseEvent(text: string): DeskEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const event = DeskEvent.safeParse(parsed);
  return event.success ? event.data : null;
}
