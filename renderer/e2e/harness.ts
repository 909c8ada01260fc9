/**
 * The browser-test harness: the built renderer (dist/renderer) served over 127.0.0.1, a real
 * desk over a temp database, and Chromium driven by playwright-core, with the page's
 * `window.desk.invoke` bridged to a desk Connection (what the preload does in Electron).
 * With `transport: 'server'` the real desk server (main/server/server.ts) serves the renderer
 * and the API instead, and the page is a browser desk: `window.desk` over fetch, the session an
 * HttpOnly cookie, other desks' changes over the event stream (issue 11).
 *
 * It builds nothing: `npm run test:e2e` runs `vite build` first.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { TestClock } from '../../main/clock.js';
import { openDesk, type Connection, type Desk } from '../../main/desk.js';
import { startDeskServer, type DeskServer } from '../../main/server/server.js';
import type { ServiceContext } from '../../main/services/context.js';
import type { DeskErrorShape, Result } from '../../shared/errors.js';

/** Where Chromium is (DESK_CHROMIUM overrides, for machines that keep it elsewhere). */
export const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const root = fileURLToPath(new URL('../../', import.meta.url));
const distDir = join(root, 'dist', 'renderer');
const rendererDir = join(root, 'renderer');
export const screenshotDir = join(rendererDir, 'e2e', 'screenshots');

/** scrypt N for tests (production uses 2^17): sign-in then takes milliseconds. */
export const TEST_PASSWORD_N = 1024;
/** A Saturday morning in Oslo; tests move the clock as they need. */
export const DEFAULT_NOW = '2026-11-21T09:30:00.000Z';
export const VIEWPORT = { width: 1366, height: 860 };

/**
 * `describe` for browser tests. Without Chromium the tests are skipped with a loud message,
 * except under CI=true, where a missing browser fails the run (a skipped suite is not a pass).
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const message = `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (never \`npx playwright install\`).`;
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${message} Under CI=true the browser tests must run.`);
      });
    });
    return;
  }
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING browser tests "${name}"\n!! ${message}\n${bar}\n`);
  describe.skip(name, body);
}

export type Latency = (channel: unknown, input: unknown) => number;
export type Fault = (channel: unknown, input: unknown) => DeskErrorShape | null;

export interface HarnessOptions {
  /** Where the desk's clock starts (ISO instant). */
  now?: string;
  /** Fill the database before the first page opens (seed, add users). */
  setup?: (harness: { desk: Desk; ctx: ServiceContext }) => void | Promise<void>;
  /**
   * Session times (issue 10). The browser tests move the desk's clock by hours and months while
   * signed in, so by default sessions do not expire here ('endless'); 'real' keeps the desk's
   * own 60 minutes idle and 10 hours, for the tests of expiry itself (session-end.test.ts).
   */
  sessions?: 'endless' | 'real';
  /**
   * How the page reaches the desk. 'bridge' (the default): a static server for the page and
   * `window.desk.invoke` exposed to it, as Electron's preload does. 'server': the real desk
   * server on 127.0.0.1 and a free port (issue 11); setLatency and setFault are not available
   * there, stopServer and restartServer are.
   */
  transport?: 'bridge' | 'server';
}

export interface Harness {
  readonly desk: Desk;
  readonly clock: TestClock;
  readonly baseUrl: string;
  readonly browser: Browser;
  /** A service context over the test database, for seeding and reading (no signed-in user). */
  readonly ctx: ServiceContext;
  /** Errors the page threw and unexpected errors main reported; tests assert there are none. */
  readonly problems: string[];
  /** A fresh context (Oslo time, nb-NO), its own desk Connection, and the app loaded. */
  openApp(): Promise<Page>;
  /** Delay answers (ms per call) to test slow or out-of-order replies; null for none. */
  setLatency(latency: Latency | null): void;
  /** Answer chosen calls with an error instead of asking main (how the UI shows failures); null for none. */
  setFault(fault: Fault | null): void;
  screenshot(page: Page, name: string): Promise<string>;
  /** transport 'server': the desk server the pages talk to (null for the default bridge). */
  readonly server: DeskServer | null;
  /** transport 'server': stop the desk server (the desk and its sessions stay), as if it went away. */
  stopServer(): Promise<void>;
  /** transport 'server': start the desk server again on the same address. */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  await assertBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'desk-e2e-'));
  const clock = new TestClock(options.now ?? DEFAULT_NOW);
  const problems: string[] = [];
  const desk = await openDesk({
    file: join(dir, 'desk.db'),
    clock,
    passwordN: TEST_PASSWORD_N,
    validateOutput: true,
    backupDir: join(dir, 'backups'),
    onInternalError: (error, channel) => problems.push(`main: ${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const ctx: ServiceContext = { store: desk.store, clock, user: null, passwords: { N: TEST_PASSWORD_N } };
  const transport = options.transport ?? 'bridge';
  let server: Server | undefined;
  let deskServer: DeskServer | null = null;
  let browser: Browser | undefined;
  const serve = (port: number): Promise<DeskServer> =>
    startDeskServer({
      backend: desk,
      host: '127.0.0.1',
      port,
      rendererRoot: distDir,
      // Its own notes are not problems; an internal error is.
      log: (line) => {
        if (line.startsWith('internal error')) problems.push(`server: ${line}`);
      },
    });
  try {
    if ((options.sessions ?? 'endless') === 'endless') {
      // Stored directly: the admin channel refuses times this long, as it should.
      for (const key of ['session_idle_minutes', 'session_max_hours'] as const) {
        await desk.store.run(
          desk.store.kysely.insertInto('settings').values({ key, value: '100000000', updated_at: clock.now().toISOString(), updated_by: null }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '100000000' })),
        );
      }
    }
    await options.setup?.({ desk, ctx });
    if (transport === 'server') deskServer = await serve(0);
    else server = await serveStatic(distDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    await deskServer?.close().catch(() => undefined);
    await closeAll(browser, server, desk, dir);
    throw error;
  }
  const baseUrl = deskServer !== null ? `${deskServer.url}/` : `http://127.0.0.1:${(server?.address() as AddressInfo).port}/`;
  const serverPort = deskServer === null ? 0 : Number(new URL(deskServer.url).port);
  let serverRunning = deskServer !== null;
  const onlyWithServer = (what: string): void => {
    if (transport !== 'server') throw new Error(`harness.${what} needs startHarness({ transport: 'server' }).`);
  };
  const notWithServer = (what: string): void => {
    if (transport === 'server') {
      throw new Error(`harness.${what} is not available with transport 'server': the page calls the real desk server over HTTP. Stop the server (harness.stopServer) to test an unreachable server.`);
    }
  };
  const contexts: BrowserContext[] = [];
  let latency: Latency | null = null;
  let fault: Fault | null = null;
  const intercepted = (connection: Connection): Connection['invoke'] => async (channel, input) => {
    const error = fault?.(channel, input) ?? null;
    const result: Result<unknown> = error === null ? await connection.invoke(channel, input) : { ok: false, error };
    const ms = latency?.(channel, input) ?? 0;
    if (ms > 0) await new Promise((done) => setTimeout(done, ms));
    return result;
  };
  const liveBrowser = browser;
  const liveServer = server;

  return {
    desk,
    clock,
    baseUrl,
    browser: liveBrowser,
    ctx,
    problems,
    async openApp() {
      // Reduced motion: the app then drops its transitions, so screenshots and axe see screens at rest.
      const context = await liveBrowser.newContext({ timezoneId: 'Europe/Oslo', locale: 'nb-NO', viewport: VIEWPORT, reducedMotion: 'reduce' });
      contexts.push(context);
      if (transport === 'bridge') await bridge(context, intercepted(desk.connect()));
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
      });
      // goto, not setContent: the init script that installs window.desk runs on navigation only.
      await page.goto(baseUrl);
      return page;
    },
    setLatency(next) {
      notWithServer('setLatency');
      latency = next;
    },
    setFault(next) {
      notWithServer('setFault');
      fault = next;
    },
    get server() {
      return deskServer;
    },
    async stopServer() {
      onlyWithServer('stopServer');
      if (!serverRunning || deskServer === null) return;
      serverRunning = false;
      await deskServer.close();
    },
    async restartServer() {
      onlyWithServer('restartServer');
      if (serverRunning) return;
      deskServer = await serve(serverPort);
      serverRunning = true;
    },
    async screenshot(page, name) {
      await mkdir(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      // Let transitions (ripples, fades) settle so the picture shows the screen at rest.
      await page.waitForTimeout(250);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      if (serverRunning) await deskServer?.close().catch(() => undefined);
      serverRunning = false;
      await closeAll(liveBrowser, liveServer, desk, dir);
    },
  };
}

/** What the preload does in Electron: one `window.desk.invoke`, nothing else of Node. */
async function bridge(context: BrowserContext, invoke: Connection['invoke']): Promise<void> {
  await context.exposeFunction('__deskInvoke', (channel: unknown, input: unknown) => invoke(channel, input));
  await context.addInitScript({
    content: `Object.defineProperty(window, 'desk', { value: Object.freeze({ invoke: (channel, input) => window.__deskInvoke(channel, input) }) });`,
  });
}

async function closeAll(browser: Browser | undefined, server: Server | undefined, desk: Desk, dir: string): Promise<void> {
  await browser?.close().catch(() => undefined);
  if (server !== undefined) await new Promise<void>((done) => server.close(() => done()));
  desk.close();
  await rm(dir, { recursive: true, force: true });
}

async function assertBuilt(): Promise<void> {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(
      `${relative(root, index)} is missing. The browser tests run against the built renderer: ` +
        'run `npm run test:e2e` (it runs `vite build` first), or `npx vite build` before `npx vitest run --project e2e`.',
    );
  }
  const built = statSync(index).mtimeMs;
  const newer = await newestSource(rendererDir);
  if (newer !== null && newer.mtime > built) {
    console.warn(`!! dist/renderer is older than ${relative(root, newer.path)}: the tests run the old build. Run \`npx vite build\`.`);
  }
}

async function newestSource(dir: string): Promise<{ path: string; mtime: number } | null> {
  let newest: { path: string; mtime: number } | null = null;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || path.includes(`${sep}e2e${sep}`) || !/\.(tsx?|html)$/.test(entry.name)) continue;
    const { mtimeMs } = await stat(path);
    if (newest === null || mtimeMs > newest.mtime) newest = { path, mtime: mtimeMs };
  }
  return newest;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A tiny static server for dist/renderer on 127.0.0.1 and a free port. */
function serveStatic(dir: string): Promise<Server> {
  const base = resolve(dir);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}
