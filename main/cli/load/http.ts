import { Agent, request } from 'node:http';
import { isIP } from 'node:net';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract.js';
import type { DeskErrorShape, Result } from '../../../shared/errors.js';

/**
 * The load test's HTTP client (issue 11): one desk as a browser or the Electron main process
 * would be, over `POST /api/invoke`, with its own cookie jar (the `desk_session` cookie from
 * auth.login's Set-Cookie, sent back as Cookie) and its own keep-alive sockets. Only node:* and
 * the contract's types: it knows nothing of the server's code.
 */

export const SESSION_COOKIE = 'desk_session';

export class NotLoopbackError extends Error {
  constructor(host: string) {
    super(`The load test only talks to this machine: ${host} is not 127.0.0.1, localhost or [::1].`);
    this.name = 'NotLoopbackError';
  }
}

/** What `--server` may name: plain HTTP on a loopback address, nothing else. */
export function loopbackServer(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NotLoopbackError(text);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (!loopback) throw new NotLoopbackError(url.hostname);
  if (url.protocol !== 'http:') throw new Error(`--server ${text}: the load test speaks plain HTTP on a loopback address (http://127.0.0.1:PORT).`);
  if (url.username !== '' || url.password !== '') throw new Error('--server must not carry a user name or password');
  return url;
}

/**
 * The source address of desk number `index`: 127.0.x.y, so each desk is its own client to the
 * server's per-address sign-in limits (as desks on separate machines are). Only for an IPv4
 * loopback server; on [::1] every desk shares ::1.
 */
export function sourceAddress(server: URL, index: number): string | undefined {
  const host = server.hostname.replace(/^\[|\]$/g, '');
  if (host === '::1') return undefined;
  const n = 10 + index;
  return `127.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
}

export interface Answer<T> {
  result: Result<T>;
  /** Round trip in ms (request written to last byte read), as the desk's caller sees it. */
  ms: number;
  status: number;
}

/** A transport failure (no answer): the client calls it `unavailable` or `timeout`. */
function transportFailure(code: 'unavailable', message: string): Result<never> {
  return { ok: false, error: { code, message } satisfies DeskErrorShape };
}

export interface DeskHttpOptions {
  server: URL;
  localAddress?: string | undefined;
  /** Sockets per desk, as a browser keeps per host. */
  maxSockets?: number;
  timeoutMs?: number;
}

export class DeskHttp {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private readonly timeoutMs: number;
  private readonly localAddress: string | undefined;
  private cookie: string | null = null;

  constructor(options: DeskHttpOptions) {
    const server = options.server;
    const bare = server.hostname.replace(/^\[|\]$/g, '');
    // localhost is reached over IPv4, so a 127.0.x.y source address can be bound.
    this.host = bare === 'localhost' ? '127.0.0.1' : bare;
    this.port = Number(server.port === '' ? '80' : server.port);
    this.hostHeader = server.host;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.localAddress = options.localAddress;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 6, ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }) });
  }

  get signedIn(): boolean {
    return this.cookie !== null;
  }

  get address(): string | undefined {
    return this.localAddress;
  }

  /** One call; never throws: a refusal is a result, a transport failure is `unavailable`. */
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Answer<ChannelOutput<C>>> {
    return this.send(channel, input) as Promise<Answer<ChannelOutput<C>>>;
  }

  /** The same for a channel name or input the contract types do not cover (tests of refusals). */
  send(channel: string, input: unknown): Promise<Answer<unknown>> {
    const body = JSON.stringify({ channel, input });
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (answer: Omit<Answer<unknown>, 'ms'>): void => {
        if (settled) return;
        settled = true;
        resolve({ ...answer, ms: performance.now() - started });
      };
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path: '/api/invoke',
          agent: this.agent,
          headers: {
            host: this.hostHeader,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(this.cookie === null ? {} : { cookie: this.cookie }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => finish({ status: 0, result: transportFailure('unavailable', `reading the answer failed: ${error.message}`) }));
          res.on('end', () => {
            this.takeCookie(res.headers['set-cookie']);
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              finish({ status: res.statusCode ?? 0, result: transportFailure('unavailable', `HTTP ${res.statusCode ?? '?'}: not JSON: ${text.slice(0, 120)}`) });
              return;
            }
            const result = isResult(parsed) ? parsed : transportFailure('unavailable', `HTTP ${res.statusCode ?? '?'}: not a desk answer`);
            finish({ status: res.statusCode ?? 0, result });
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => {
        req.destroy(new Error(`no answer within ${this.timeoutMs} ms`));
      });
      req.on('error', (error) => finish({ status: 0, result: transportFailure('unavailable', error.message) }));
      req.end(body);
    });
  }

  /** `GET /api/health`: how long the server's event loop takes to answer a trivial request. */
  health(): Promise<{ ok: boolean; ms: number }> {
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request({ host: this.host, port: this.port, method: 'GET', path: '/api/health', agent: this.agent, headers: { host: this.hostHeader } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - started }));
        res.on('error', () => resolve({ ok: false, ms: performance.now() - started }));
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ ok: false, ms: performance.now() - started }));
      req.end();
    });
  }

  /**
   * `GET /api/events` with this desk's cookie, as every signed-in desk keeps open: calls `onEvent`
   * with each `data:` line's JSON. Returns the function that closes the stream.
   */
  events(onEvent: (event: unknown) => void): () => void {
    let closed = false;
    const req = request(
      { host: this.host, port: this.port, method: 'GET', path: '/api/events', agent: this.agent, headers: { host: this.hostHeader, accept: 'text/event-stream', ...(this.cookie === null ? {} : { cookie: this.cookie }) } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            for (const line of block.split('\n')) {
              if (!line.startsWith('data: ')) continue;
              let event: unknown;
              try {
                event = JSON.parse(line.slice(6));
              } catch {
                continue;
              }
              if (!closed) onEvent(event);
            }
          }
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', () => undefined);
    req.end();
    return () => {
      closed = true;
      req.destroy();
    };
  }

  close(): void {
    this.agent.destroy();
  }

  private takeCookie(header: string[] | undefined): void {
    for (const line of header ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const cut = pair.indexOf('=');
      if (cut < 0 || pair.slice(0, cut).trim() !== SESSION_COOKIE) continue;
      const value = pair.slice(cut + 1).trim();
      const expired = attributes.some((a) => {
        const [name = '', v = ''] = a.split('=');
        const key = name.trim().toLowerCase();
        return (key === 'max-age' && Number(v) <= 0) || (key === 'expires' && new Date(v.trim()).getTime() < new Date().getTime());
      });
      this.cookie = value === '' || expired ? null : `${SESSION_COOKIE}=${value}`;
    }
  }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null && 'code' in value.error;
}
