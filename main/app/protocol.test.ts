import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType, resolveAppRequest, serveApp } from './protocol.js';
import { CSP } from './security.js';

const root = join('/opt', 'bonus-desk', 'dist', 'renderer');

describe('resolveAppRequest', () => {
  it('maps app://desk/ paths to files under the renderer root', () => {
    expect(resolveAppRequest(root, 'app://desk/index.html')).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveAppRequest(root, 'app://desk/assets/index-abc.js?x=1#y')).toEqual({ ok: true, file: join(root, 'assets', 'index-abc.js') });
    expect(resolveAppRequest(root, 'app://desk/assets/n%C3%B8kkel.svg')).toEqual({ ok: true, file: join(root, 'assets', 'nøkkel.svg') });
  });

  it('serves index.html for the page routes', () => {
    expect(resolveAppRequest(root, 'app://desk/')).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveAppRequest(root, 'app://desk/members/12')).toEqual({ ok: true, file: join(root, 'index.html') });
  });

  it('refuses what would leave the root, and other hosts', () => {
    expect(resolveAppRequest(root, 'app://desk/..%2f..%2f..%2fetc%2fpasswd.txt')).toEqual({ ok: false, status: 403 });
    expect(resolveAppRequest(root, 'app://desk/assets%5c..%5c..%5csecret.js')).toEqual({ ok: false, status: 400 });
    expect(resolveAppRequest(root, 'app://desk/a%00.js')).toEqual({ ok: false, status: 400 });
    expect(resolveAppRequest(root, 'app://desk/%E0%A4%A.js')).toEqual({ ok: false, status: 400 });
    expect(resolveAppRequest(root, 'app://other/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppRequest(root, 'https://desk/index.html')).toEqual({ ok: false, status: 404 });
  });
});

describe('serveApp', () => {
  const files = new Map([[join(root, 'index.html'), new TextEncoder().encode('<!doctype html>')]]);
  const read = (file: string) => {
    const body = files.get(file);
    return body === undefined ? Promise.reject(new Error('ENOENT')) : Promise.resolve(body);
  };

  it('answers with the file, its type and our CSP header', async () => {
    const response = await serveApp(root, { url: 'app://desk/index.html', method: 'GET' }, read);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for a missing file, 403 outside the root, 405 for writes', async () => {
    expect((await serveApp(root, { url: 'app://desk/missing.js', method: 'GET' }, read)).status).toBe(404);
    expect((await serveApp(root, { url: 'app://desk/..%2fsecret.js', method: 'GET' }, read)).status).toBe(403);
    expect((await serveApp(root, { url: 'app://desk/index.html', method: 'POST' }, read)).status).toBe(405);
  });

  it('knows the types Vite emits', () => {
    expect(contentType('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('a.css')).toBe('text/css; charset=utf-8');
    expect(contentType('a.woff2')).toBe('font/woff2');
    expect(contentType('a.bin')).toBe('application/octet-stream');
  });
});
