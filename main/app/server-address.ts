import type { DeskErrorShape, Result } from '../../shared/errors.js';

/**
 * The address of a centre's desk server, as an agent types it or a command line gives it
 * (issue 11), and the check that a desk server answers there. No Electron here: the tests and
 * the browser tests use it as it is.
 */

/** Why an address was refused before anything was asked of the network. */
export type AddressProblem = 'address' | 'insecure';

export type ParsedAddress = { ok: true; url: string } | { ok: false; reason: AddressProblem };

/** localhost, 127.0.0.0/8 and ::1: the only hosts plain http:// is accepted for. */
export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
 * `https://desk.centre.example:8443` (or `desk.centre.example:8443`: https is assumed), reduced
 * to its origin. Only https://, or http:// on a loopback address (a server on this machine, as
 * `npm run serve` listens by default): the session cookie and every member's data travel over
 * it, so they never cross a network in the clear. No user info, query, fragment or path (the
 * API lives at the server's root).
 */
export function parseServerAddress(text: string): ParsedAddress {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 2_000 || /\s/.test(trimmed)) return { ok: false, reason: 'address' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: 'address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'address' };
  if (url.hostname === '' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return { ok: false, reason: 'address' };
  if (url.pathname !== '/' && url.pathname !== '') return { ok: false, reason: 'address' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, reason: 'insecure' };
  return { ok: true, url: url.origin };
}

/** Why a server could not be reached, for the log and for the page's message. */
export type Unreachable = 'timeout' | 'certificate' | 'network';

/** A fetch that threw: timed out, refused by TLS (a certificate this machine does not trust), or no answer at all. */
export function unreachableReason(error: unknown): Unreachable {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : '';
  if (/CERT|SELF_SIGNED|TLS|SSL/i.test(code)) return 'certificate';
  return 'network';
}

export function unavailable(reason: Unreachable | 'status', status?: number): Result<never> {
  const error: DeskErrorShape = {
    code: 'unavailable',
    message: reason === 'timeout' ? 'The desk server did not answer in time.' : 'The desk server cannot be reached.',
    details: { reason, ...(status === undefined ? {} : { status }) },
  };
  return { ok: false, error };
}

export interface ServerHealth {
  url: string;
  schemaVersion: string;
  engine: string;
}

/**
 * `GET /api/health`: a desk server answers `{ ok: true, schemaVersion, engine }`. Anything else
 * that answers is not a desk server (`not_found`); no answer is `unavailable`. Never throws.
 */
export async function checkServer(url: string, options: { timeoutMs?: number } = {}): Promise<Result<ServerHealth>> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/health', url), {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return unavailable(unreachableReason(error));
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return unavailable('timeout');
    body = null;
  }
  if (
    response.status === 200 &&
    typeof body === 'object' &&
    body !== null &&
    'ok' in body &&
    body.ok === true &&
    'schemaVersion' in body &&
    typeof body.schemaVersion === 'string' &&
    'engine' in body &&
    typeof body.engine === 'string'
  ) {
    return { ok: true, value: { url, schemaVersion: body.schemaVersion, engine: body.engine } };
  }
  // A desk server whose store is not open (starting, stopping) answers 503 in the contract's shape.
  if (response.status === 503 && typeof body === 'object' && body !== null && 'ok' in body && body.ok === false) return unavailable('status', 503);
  return { ok: false, error: { code: 'not_found', message: 'No desk server answers at this address.', details: { reason: 'not_a_desk', status: response.status } } };
}
