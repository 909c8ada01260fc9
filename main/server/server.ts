import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { CallMeta, Reply } from '../api/router.js';
import { CSP_DIRECTIVES } from '../../shared/csp.js';
import type { DeskErrorShape, Result } from '../../shared/errors.js';
import type { DeskEvent } from '../../shared/events.js';

/**
 * The desk server (issue 11, DESIGN "Many desks"): one process owns the store, the sessions and
 * the jobs; Electron desks, browsers, the CLI and the load test call it over HTTP(S).
 *
 * - `POST /api/invoke` `{ channel, input }` → the contract's `{ ok, value } | { ok: false, error }`
 *   with HTTP 200: a refusal is a result. Transport refusals (too large, wrong type, a foreign
 *   origin, too many sign-ins) answer 4xx with the same shape, so every client reads one form.
 * - `GET /api/health` → 200 `{ ok: true, schemaVersion, engine }` while the store is open.
 * - `GET /api/events` → Server-Sent Events for the signed-in desk (shared/events.ts).
 * - Everything else: the built renderer, so a browser on the centre's network is a desk.
 *
 * The session travels only as an HttpOnly, SameSite=Strict cookie; the page never sees it.
 */

/** What the server needs of a desk (main/desk.ts's openDesk gives all three). */
export interface DeskBackend {
  handle(token: unknown, channel: unknown, input: unknown, meta?: CallMeta): Promise<Reply>;
  onEvent(listener: (event: DeskEvent) => void): () => void;
  health(): Promise<{ schemaVersion: string; engine: string }>;
}

export interface LoginLimit {
  /** Sign-in attempts allowed in the window. */
  max: number;
  windowMs: number;
}

export interface DeskServerOptions {
  backend: DeskBackend;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  tls?: { cert: string; key: string } | undefined;
  /** The built renderer (dist/renderer); null serves only the API. */
  rendererRoot: string | null;
  /**
   * The addresses browsers use to reach this server (`https://desk.centre.example:8443`), when
   * it is not reached by the address it listens on. Requests for any other host are refused
   * (DNS rebinding); on a loopback address, localhost, 127.0.0.1 and [::1] are always allowed.
   */
  origins?: readonly string[];
  limits?: {
    /** The largest body before sign-in and for ordinary calls (bytes). */
    smallBody?: number;
    /** The largest body a signed-in caller may send (an earnings file of up to 64 MiB). */
    largeBody?: number;
    loginPerClient?: LoginLimit;
    loginPerAccount?: LoginLimit;
  };
  /** One line per notable thing (start, refused origins, internal errors); never a stack to a client. */
  log?: (line: string) => void;
}

export interface DeskServer {
  /** Where the server listens, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly app: FastifyInstance;
  /** Signed-in event streams open now. */
  streams(): number;
  /** Stops taking calls, lets running calls finish, closes the event streams. The caller closes the desk after. */
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'desk_session';
/** With TLS the cookie takes the `__Host-` prefix: Secure, Path=/, no Domain — no other site or subdomain can set it. */
export const SECURE_SESSION_COOKIE = '__Host-desk_session';

const KiB = 1024;
const MiB = 1024 * KiB;
const DEFAULT_LIMITS = {
  smallBody: 256 * KiB,
  largeBody: 80 * MiB,
  loginPerClient: { max: 30, windowMs: 60_000 },
  loginPerAccount: { max: 10, windowMs: 60_000 },
};
/** A comment line on every stream this often, so proxies and the browser keep it open. */
const HEARTBEAT_MS = 25_000;

export class PlainHttpRefused extends Error {
  constructor(host: string) {
    super(
      `Plain HTTP is only allowed on a loopback address, and ${host} is not one. ` +
        'Give the server a certificate with --tls-cert FILE --tls-key FILE (docs/operations.md shows how to make one), ' +
        'or listen on 127.0.0.1.',
    );
    this.name = 'PlainHttpRefused';
  }
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

function refusal(code: DeskErrorShape['code'], message: string, details?: Record<string, unknown>): Result<never> {
  return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
}

interface Stream {
  readonly token: string;
  readonly raw: ServerResponse<IncomingMessage>;
}

export async function startDeskServer(options: DeskServerOptions): Promise<DeskServer> {
  const { backend } = options;
  const log = options.log ?? (() => undefined);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const secure = options.tls !== undefined;
  if (!secure && !isLoopback(options.host)) throw new PlainHttpRefused(options.host);
  const cookieName = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const scheme = secure ? 'https' : 'http';

  const app = Fastify({
    logger: false,
    bodyLimit: limits.largeBody,
    // Stack traces and Fastify's own error texts never reach a client (setErrorHandler below).
    return503OnClosing: true,
    ...(secure && options.tls !== undefined ? { https: { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) } } : {}),
  });

  // Only JSON on the API: no text/plain (the form a cross-site "simple request" could send).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    // The page's own policy (shared/csp.ts), set below for every reply, exactly as the app sends it.
    contentSecurityPolicy: false,
    hsts: secure ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });
  await app.register(fastifyRateLimit, { global: false });

  const csp = CSP_DIRECTIVES.join('; ');
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', csp);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // ---- Who may call: the Host (DNS rebinding) and the Origin (cross-site requests). ----
  let port = options.port;
  const allowedHosts = (): Set<string> => {
    const hosts = new Set<string>();
    for (const origin of options.origins ?? []) hosts.add(new URL(origin).host);
    if (isLoopback(options.host)) for (const name of ['127.0.0.1', 'localhost', '[::1]']) hosts.add(`${name}:${port}`);
    else if ((options.origins ?? []).length === 0) hosts.add(`${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`);
    return hosts;
  };
  let hosts = allowedHosts();
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host ?? '';
    if (!hosts.has(host)) {
      log(`refused a request for host ${host.slice(0, 100)}`);
      return reply.code(421).send(refusal('forbidden', 'This server does not answer for that host name.'));
    }
    if (!request.url.startsWith('/api/')) return undefined;
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    if ((origin !== undefined && origin !== `${scheme}://${host}`) || site === 'cross-site') {
      log(`refused a call from origin ${String(origin).slice(0, 100)}`);
      return reply.code(403).send(refusal('forbidden', 'Calls come only from the desk’s own pages.'));
    }
    return undefined;
  });

  // ---- Errors: the contract's shape, never a stack. ----
  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(refusal('invalid_input', 'The request is too large.'));
    if (status === 415) return reply.code(415).send(refusal('invalid_input', 'Calls must be sent as application/json.'));
    if (status === 429) return reply.code(429).send(refusal('sign_in_throttled', 'Too many sign-in attempts; wait a minute and try again.'));
    if (status >= 400 && status < 500) return reply.code(status).send(refusal('invalid_input', 'The request could not be read.'));
    log(`internal error: ${error.message ?? String(error)}`);
    return reply.code(500).send(refusal('internal', 'Something went wrong; nothing was saved. The error was logged.'));
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return reply.code(404).send(refusal('not_found', 'There is no such address.'));
    // The renderer is one page: any other path gets it (a reload on a deep link).
    if (options.rendererRoot !== null && request.method === 'GET') return reply.sendFile('index.html');
    return reply.code(404).send(refusal('not_found', 'There is no such address.'));
  });

  const tokenOf = (request: FastifyRequest): string | null => request.cookies[cookieName] ?? null;
  /** Whether a token is a live session, asked of the desk as any call would (auth.me: checked against the store). */
  const signedIn = async (token: string | null, meta?: CallMeta): Promise<boolean> => {
    if (token === null) return false;
    const me = (await backend.handle(token, 'auth.me', {}, meta)).result;
    return me.ok && typeof me.value === 'object' && me.value !== null && 'user' in me.value && me.value.user !== null;
  };
  const metaOf = (request: FastifyRequest): CallMeta => ({ client: request.ip });
  const channelOf = (request: FastifyRequest): unknown => (typeof request.body === 'object' && request.body !== null && 'channel' in request.body ? request.body.channel : undefined);
  const inputOf = (request: FastifyRequest): unknown => (typeof request.body === 'object' && request.body !== null && 'input' in request.body ? request.body.input : undefined);
  const usernameOf = (request: FastifyRequest): string => {
    const input = inputOf(request);
    const name = typeof input === 'object' && input !== null && 'username' in input ? input.username : '';
    return typeof name === 'string' ? name.trim().toLowerCase().slice(0, 100) : '';
  };
  const isLogin = (request: FastifyRequest): boolean => channelOf(request) === 'auth.login';

  // Rate limits on auth.login (on top of the store's throttling, issue 10): per client address
  // and per account, so neither a flood from one address nor a spread guess at one name gets far.
  // createRateLimit, not rateLimit(): the plugin's route handlers run only the first limiter of a request.
  const perClient = app.createRateLimit({
    max: limits.loginPerClient.max,
    timeWindow: limits.loginPerClient.windowMs,
    keyGenerator: (request) => `client:${request.ip}`,
  });
  const perAccount = app.createRateLimit({
    max: limits.loginPerAccount.max,
    timeWindow: limits.loginPerAccount.windowMs,
    keyGenerator: (request) => `account:${usernameOf(request)}`,
  });
  const limitLogins = async (request: FastifyRequest): Promise<void> => {
    if (!isLogin(request)) return;
    for (const limiter of [perClient, perAccount]) {
      const limit = await limiter(request);
      if (!limit.isAllowed && limit.isExceeded) {
        log(`rate-limited sign-in from ${request.ip}`);
        throw Object.assign(new Error('rate limited'), { statusCode: 429 });
      }
    }
  };

  const streams = new Set<Stream>();
  const closeStreamsOf = (token: string, reason: string): void => {
    for (const stream of streams) if (stream.token === token) endStream(stream, reason);
  };
  const endStream = (stream: Stream, reason: string | null): void => {
    if (!streams.delete(stream)) return;
    if (reason !== null && !stream.raw.writableEnded) stream.raw.write(`data: ${JSON.stringify({ kind: 'signed_out', reason } satisfies DeskEvent)}\n\n`);
    stream.raw.end();
  };

  app.post(
    '/api/invoke',
    {
      // A big body (an earnings file) only from a signed-in caller; before sign-in, a small one.
      preParsing: async (request, _reply, payload) => {
        const declared = Number(request.headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(declared) && declared <= limits.smallBody) return payload;
        if (await signedIn(tokenOf(request), metaOf(request))) return payload;
        if (Number.isFinite(declared)) throw Object.assign(new Error('too large before sign-in'), { statusCode: 413 });
        return payload.pipe(capped(limits.smallBody));
      },
      preHandler: limitLogins,
    },
    async (request, reply) => {
      const token = tokenOf(request);
      const answer = await backend.handle(token, channelOf(request), inputOf(request), metaOf(request));
      if (answer.session !== undefined) {
        if (answer.session === null) {
          reply.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'strict', secure });
          if (token !== null) closeStreamsOf(token, 'signed_out');
        } else {
          reply.setCookie(cookieName, answer.session, { path: '/', httpOnly: true, sameSite: 'strict', secure });
        }
      }
      return reply.code(200).send(answer.result);
    },
  );

  app.get('/api/health', async (_request, reply) => {
    try {
      const health = await backend.health();
      return await reply.code(200).send({ ok: true, ...health });
    } catch {
      return reply.code(503).send(refusal('internal', 'The store is not open.'));
    }
  });

  app.get('/api/events', async (request, reply) => {
    const token = tokenOf(request);
    if (token === null || !(await signedIn(token, metaOf(request)))) return reply.code(401).send(refusal('unauthenticated', 'Please sign in.'));
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': csp,
      connection: 'keep-alive',
    });
    raw.write(': connected\n\n');
    const stream: Stream = { token, raw };
    streams.add(stream);
    request.raw.on('close', () => endStream(stream, null));
    return undefined;
  });

  // Every change reaches every stream; a change to users re-checks each stream's session, and a
  // stream whose user was deactivated, given another role or signed out hears so and is closed.
  const stopListening = backend.onEvent((event) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.raw.write(line);
    if (event.kind === 'changed' && event.topics.includes('users')) void recheckStreams();
  });
  const recheckStreams = async (): Promise<void> => {
    for (const stream of [...streams]) {
      try {
        if (!(await signedIn(stream.token))) endStream(stream, 'session_ended');
      } catch (error) {
        log(`could not re-check a stream: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.raw.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  if (options.rendererRoot !== null) {
    await app.register(fastifyStatic, {
      root: options.rendererRoot,
      index: ['index.html'],
      // The page itself is always fetched fresh; its hashed assets could be cached, but a desk
      // that updates in place must never mix two builds.
      cacheControl: false,
      setHeaders: (res) => res.setHeader('cache-control', 'no-store'),
    });
  }

  // A graceful stop ends the streams first (they would hold the close open), then Fastify stops
  // listening, answers new requests 503, and waits for the calls under way.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    stopListening();
    for (const stream of [...streams]) endStream(stream, null);
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  if (typeof address === 'object' && address !== null) port = address.port;
  hosts = allowedHosts();
  const shownHost = isLoopback(options.host) ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = (options.origins ?? [])[0] ?? `${scheme}://${shownHost}:${port}`;
  log(`listening on ${url}`);

  return {
    url,
    app,
    streams: () => streams.size,
    close: async () => {
      await app.close();
    },
  };
}

/** A body stream that fails once it passes `limit` bytes (a body sent without a length). */
function capped(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) {
        done(Object.assign(new Error('The request is too large.'), { statusCode: 413 }));
        return;
      }
      done(null, chunk);
    },
  });
}
