import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CSP } from './security.js';

/**
 * The app:// scheme: serves the built renderer (dist/renderer) and nothing else, with the CSP as
 * a real response header. Registered as privileged before `ready` (main.ts):
 * - standard: relative URLs and a real origin ("app://desk"), so 'self' means our files only;
 * - secure: a secure context, like https;
 * - corsEnabled: Vite emits `<script type="module" crossorigin>`; module scripts load in CORS mode.
 * No supportFetchAPI, no bypassCSP, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, corsEnabled: true } as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppRequestTarget = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps app://desk/<path> to a file under `root`. Paths without an extension get index.html (the
 * renderer routes in the page); anything that would leave `root` is refused.
 */
export function resolveAppRequest(root: string, requestUrl: string): AppRequestTarget {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404 };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400 };
  const relative = path === '/' || extname(path) === '' ? 'index.html' : path.replace(/^\/+/, '');
  const base = normalize(root);
  const file = normalize(join(base, relative));
  if (!file.startsWith(base.endsWith(sep) ? base : base + sep)) return { ok: false, status: 403 };
  return { ok: true, file };
}

/** Response headers for a file we serve: the CSP on every one, no MIME sniffing, no referrer. */
export function responseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentType(file),
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/** The protocol handler: `protocol.handle('app', (request) => serveApp(root, request))`. */
export async function serveApp(
  root: string,
  request: { url: string; method: string },
  read: ReadFile = readFile,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  }
  const target = resolveAppRequest(root, request.url);
  if (!target.ok) return new Response(null, { status: target.status });
  let body: Uint8Array;
  try {
    body = await read(target.file);
  } catch {
    return new Response(null, { status: 404 });
  }
  const headers = responseHeaders(target.file);
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
