import { isChannelName, type ChannelInput, type ChannelName, type ChannelOutput } from '../../shared/contract.js';
import { DeskError, ErrorCode, type Result } from '../../shared/errors.js';
import type { BridgeEvent } from '../../shared/events.js';
import { systemClock, type Clock } from '../clock.js';
import type { Connection } from '../desk.js';
import { openEventStream, type EventStream, type EventStreamOptions } from './event-stream.js';
import { unavailable, unreachableReason } from './server-address.js';

/**
 * A window's Connection to the centre's desk server (issue 11, DESIGN "Many desks"): the same
 * `invoke(channel, input)` as the embedded desk's, over `POST /api/invoke`. The session is the
 * server's HttpOnly cookie, kept in this object's own jar in main: it never reaches the page,
 * which gets only the body's `{ ok, value } | { ok: false, error }`. A server that cannot be
 * reached answers `unavailable` (never a throw, never a hang: every request has a deadline),
 * and while signed in the server's event stream is read here and handed to `onEvent` listeners
 * with `{ kind: 'connection', state: 'lost' | 'restored' }` when the server goes and comes back.
 */

export interface RemoteOptions {
  /** The server's origin, checked by parseServerAddress (https://, or http:// on loopback). */
  url: string;
  /** The deadline of an ordinary call (ms). */
  timeoutMs?: number;
  /** The deadline of a call that does long work before it answers (`slowChannels`). */
  slowTimeoutMs?: number;
  /** The deadline of the sign-out `end()` sends (the window is closing; it must not wait long). */
  endTimeoutMs?: number;
  /** The event stream's timings (tests shorten them). */
  stream?: Pick<EventStreamOptions, 'connectTimeoutMs' | 'idleMs' | 'backoff'>;
  /** Cookie expiry is read against this clock. */
  clock?: Clock;
  /** A listener that threw (logged; the others still hear the event). */
  onError?(error: unknown): void;
}

/**
 * Channels that answer only after seconds to minutes of work on the server (seeding, a monthly
 * run, an import or a check over every row): their deadline is long, so a slow answer is not
 * mistaken for a lost server while the work goes on and is saved.
 */
export const slowChannels: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'setup.demo',
  'runs.preview',
  'runs.start',
  'earnings.preview',
  'earnings.import',
  'backups.check',
  'points.check',
  'reports.liability',
  'members.erase',
]);

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_SLOW_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_END_TIMEOUT_MS = 3_000;

export class RemoteConnection implements Connection {
  readonly url: string;
  private readonly options: RemoteOptions;
  private readonly clock: Clock;
  /** Cookie name → value, for this one server only. */
  private readonly jar = new Map<string, string>();
  private readonly listeners = new Set<(event: BridgeEvent) => void>();
  private stream: EventStream | null = null;
  private reachable = true;

  constructor(options: RemoteOptions) {
    this.url = options.url;
    this.options = options;
    this.clock = options.clock ?? systemClock;
  }

  async invoke(channel: unknown, input: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: `There is no channel named ${String(channel)}.` } };
    }
    let body: string;
    try {
      body = JSON.stringify({ channel, input });
    } catch {
      return { ok: false, error: { code: 'invalid_input', message: 'The input could not be sent.' } };
    }
    const timeoutMs = slowChannels.has(channel) ? (this.options.slowTimeoutMs ?? DEFAULT_SLOW_TIMEOUT_MS) : (this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(new URL('/api/invoke', this.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.cookieHeader() },
        body,
        // The API never redirects; following one could carry the call somewhere else.
        redirect: 'error',
        signal,
      });
    } catch (error) {
      this.setReachable(false);
      return unavailable(unreachableReason(error));
    }
    this.takeCookies(response);
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      if (signal.aborted) {
        this.setReachable(false);
        return unavailable('timeout');
      }
      parsed = undefined;
    }
    const result = asResult(parsed);
    if (result === null) {
      if (response.status >= 500 || response.status === 421) {
        // A proxy's error page, or a server starting or stopping.
        this.setReachable(false);
        return unavailable('status', response.status);
      }
      this.setReachable(true);
      return { ok: false, error: { code: 'internal', message: `The desk server answered ${response.status} without a result.` } };
    }
    this.setReachable(true);
    this.afterCall(channel, result);
    return result;
  }

  async call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await this.invoke(channel, input);
    if (!result.ok) throw new DeskError(result.error.code, result.error.message, result.error.details);
    return result.value as ChannelOutput<C>;
  }

  signedIn(): boolean {
    return this.jar.size > 0;
  }

  /** The window is gone: sign out on the server (best effort, briefly), forget the cookie, stop the stream. */
  async end(): Promise<void> {
    this.closeStream();
    if (!this.signedIn()) return;
    const headers = this.cookieHeader();
    this.jar.clear();
    try {
      const response = await fetch(new URL('/api/invoke', this.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ channel: 'auth.logout', input: {} }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.endTimeoutMs ?? DEFAULT_END_TIMEOUT_MS),
      });
      await response.text();
    } catch {
      // The server is gone or slow: the session ends there by idle time (issue 10).
    }
  }

  /** Hear the server's events and the connection's state; the stream is open while signed in and heard. */
  onEvent(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    this.syncStream();
    return () => {
      this.listeners.delete(listener);
      this.syncStream();
    };
  }

  /** Whether the event stream is open now (tests wait for it). */
  streaming(): boolean {
    return this.stream?.connected() ?? false;
  }

  private afterCall(channel: ChannelName, result: Result<unknown>): void {
    if (channel === 'auth.login' && result.ok) {
      // A new session: a stream of an earlier one must not go on.
      this.closeStream();
      this.syncStream();
      return;
    }
    if (channel === 'auth.logout') {
      this.jar.clear();
      this.closeStream();
      return;
    }
    if (channel === 'auth.me' && result.ok) {
      const value = result.value;
      const user = typeof value === 'object' && value !== null && 'user' in value ? value.user : null;
      if (user === null) this.forgetSession();
      else this.syncStream();
      return;
    }
    if (!result.ok && result.error.code === 'unauthenticated') this.forgetSession();
  }

  private forgetSession(): void {
    this.jar.clear();
    this.closeStream();
  }

  private syncStream(): void {
    const wanted = this.signedIn() && this.listeners.size > 0;
    if (wanted && this.stream === null) {
      this.stream = openEventStream({
        url: this.url,
        ...this.options.stream,
        headers: () => this.cookieHeader(),
        onEvent: (event) => {
          if (event.kind === 'signed_out') {
            // This session ended on the server (deactivated, role changed, signed out elsewhere).
            this.jar.clear();
            this.stream = null;
          }
          this.tell(event);
        },
        onReachable: (ok) => this.setReachable(ok),
        onRefused: () => {
          this.stream = null;
          this.jar.clear();
        },
      });
    } else if (!wanted) {
      this.closeStream();
    }
  }

  private closeStream(): void {
    this.stream?.close();
    this.stream = null;
  }

  private setReachable(ok: boolean): void {
    if (ok === this.reachable) return;
    this.reachable = ok;
    this.tell({ kind: 'connection', state: ok ? 'restored' : 'lost' });
  }

  private tell(event: BridgeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private cookieHeader(): Record<string, string> {
    if (this.jar.size === 0) return {};
    return { cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  /** Set-Cookie from our server: stored, or removed when cleared (empty, Max-Age ≤ 0, Expires in the past). */
  private takeCookies(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const text = rest.join('=').trim();
        const lower = key.trim().toLowerCase();
        if (lower === 'max-age' && Number(text) <= 0) expired = true;
        if (lower === 'expires' && Date.parse(text) <= this.clock.now().getTime()) expired = true;
      }
      if (expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
}

/** The body as the contract's result, or null when it is not one. A fresh plain object: nothing else of the reply goes on. */
function asResult(body: unknown): Result<unknown> | null {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return null;
  if (body.ok === true) return { ok: true, value: 'value' in body ? body.value : undefined };
  if (body.ok !== false || !('error' in body) || typeof body.error !== 'object' || body.error === null) return null;
  const error = body.error;
  const code = ErrorCode.safeParse('code' in error ? error.code : undefined);
  const message = 'message' in error && typeof error.message === 'string' ? error.message : 'The desk server refused the call.';
  const details = 'details' in error && typeof error.details === 'object' && error.details !== null && !Array.isArray(error.details) ? (error.details as Record<string, unknown>) : undefined;
  return { ok: false, error: { code: code.success ? code.data : 'internal', message, ...(details === undefined ? {} : { details }) } };
}
