import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import type { Result } from '../../shared/errors.js';
import { serveDesk, type ServedDesk } from '../testing/served-desk.js';
import { testDesk, testPassword, type TestDesk } from '../testing/test-desk.js';
import type { InvokeEvent } from './ipc.js';
import { APP_URL } from './security.js';

/**
 * main.ts end to end, with Electron played by a fake: it opens the desk over the Node build of
 * better-sqlite3 (standing in for the Electron build), serves the page, answers our window and
 * refuses others, and closes the database on quit. A newer database gets the dialog.
 */

interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown> };
  url: string;
  webContents: EventEmitter & { id: number; reloads: number; sent: [string, unknown][]; send(channel: string, payload: unknown): void; isDestroyed(): boolean; getURL(): string };
}
interface Fake {
  app: EventEmitter & { quits: number; exits: number[]; paths: Record<string, string>; appPath: string };
  errors: string[];
  windows: FakeWindow[];
  privileged: unknown;
  handlers: Map<string, (event: InvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>>;
  protocols: Map<string, (request: { url: string; method: string }) => Promise<Response>>;
  permissionRequest?: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
  menu: unknown;
}

const state = vi.hoisted(() => ({ current: undefined as unknown, appData: '', appPath: '' }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  let ids = 1;
  const fake = {
    errors: [] as string[],
    windows: [] as unknown[],
    privileged: undefined as unknown,
    handlers: new Map<string, unknown>(),
    protocols: new Map<string, unknown>(),
    permissionRequest: undefined as unknown,
    menu: undefined as unknown,
    app: Object.assign(new Emitter(), { quits: 0, exits: [] as number[], paths: { appData: state.appData, downloads: join(state.appData, 'Downloads') } as Record<string, string>, appPath: state.appPath }),
  };
  const app = fake.app;
  Object.assign(app, {
    isPackaged: false,
    enableSandbox: () => undefined,
    setName: () => undefined,
    setPath: (key: string, value: string) => void (app.paths[key] = value),
    getPath: (key: string) => app.paths[key],
    getAppPath: () => app.appPath,
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => {
      app.quits++;
      const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
      app.emit('will-quit', event);
    },
    exit: (code: number) => void app.exits.push(code),
  });
  class BrowserWindow extends Emitter {
    readonly webContents = Object.assign(new Emitter(), {
      id: ids++,
      reloads: 0,
      sent: [] as [string, unknown][],
      // A reload navigates the page again (Electron emits did-navigate for it).
      reload: () => {
        this.webContents.reloads++;
        this.webContents.emit('did-navigate');
      },
      send: (channel: string, payload: unknown) => void this.webContents.sent.push([channel, payload]),
      isDestroyed: () => false,
      getURL: () => this.url,
      setWindowOpenHandler: () => undefined,
    });
    url = '';
    constructor(readonly options: unknown) {
      super();
      fake.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed = () => false;
  }
  const session = Object.assign(new Emitter(), {
    setPermissionRequestHandler: (h: unknown) => void (fake.permissionRequest = h),
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined,
    webRequest: { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined },
    protocol: { handle: (scheme: string, h: unknown) => void fake.protocols.set(scheme, h) },
  });
  state.current = fake;
  return {
    app,
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: (list: unknown) => void (fake.privileged = list) },
    session: { defaultSession: session },
    ipcMain: { handle: (c: string, h: unknown) => void fake.handlers.set(c, h), removeHandler: (c: string) => void fake.handlers.delete(c) },
    dialog: { showErrorBox: (title: string, text: string) => void fake.errors.push(`${title}: ${text}`), showMessageBox: () => Promise.resolve({}) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (fake.menu = m) },
  };
});

const nodeBinding = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
let dir = '';

async function startMain(env: Record<string, string | undefined> = {}, appData?: string): Promise<Fake> {
  vi.resetModules();
  const saved = { ...process.env };
  Object.assign(process.env, env);
  // The electron mock outlives resetModules: start each run with empty records.
  const previous = state.current as Fake | undefined;
  state.appData = appData ?? join(dir, 'appData');
  if (previous !== undefined) previous.app.paths['appData'] = state.appData;
  if (previous !== undefined) {
    previous.handlers.clear();
    previous.windows.length = 0;
    previous.errors.length = 0;
    previous.app.exits.length = 0;
    previous.app.quits = 0;
    previous.app.removeAllListeners();
  }
  await import('./main.js');
  const fake = state.current as Fake;
  for (let i = 0; i < 200 && fake.windows.length === 0 && fake.app.exits.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  process.env = saved;
  return fake;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-main-'));
  state.appData = join(dir, 'appData');
  state.appPath = join(dir, 'app');
  Object.defineProperty(process.versions, 'electron', { value: 'test', configurable: true });
  const native = join(dir, 'app', '.native', 'electron-test');
  mkdirSync(native, { recursive: true });
  copyFileSync(nodeBinding, join(native, 'better_sqlite3.node'));
  mkdirSync(join(dir, 'app', 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'app', 'dist', 'renderer', 'index.html'), '<!doctype html><title>desk</title>');
});

afterAll(() => {
  Reflect.deleteProperty(process.versions, 'electron');
  rmSync(dir, { recursive: true, force: true });
});

describe('main', () => {
  it('opens the desk in one sandboxed window and answers only that window', async () => {
    const fake = await startMain();
    expect(fake.errors).toEqual([]);
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, corsEnabled: true } }]);
    expect(fake.windows).toHaveLength(1);
    const [win] = fake.windows;
    if (win === undefined) throw new Error('no window');
    expect(win.url).toBe(APP_URL);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(existsSync(join(dir, 'appData', 'Bonus desk', 'bonus-desk.db'))).toBe(true);

    const page = await fake.protocols.get('app')?.({ url: APP_URL, method: 'GET' });
    expect(page?.status).toBe(200);
    expect(await page?.text()).toContain('<title>desk</title>');

    const invoke = fake.handlers.get('desk:invoke');
    if (invoke === undefined) throw new Error('no handler');
    const ours: InvokeEvent = { sender: win.webContents, senderFrame: { url: APP_URL, parent: null } };
    await expect(invoke(ours, 'setup.status', {})).resolves.toEqual({ ok: true, value: { needsSetup: true } });
    await expect(invoke(ours, 'nope.nothing', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const foreign: InvokeEvent = { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(invoke(foreign, 'setup.status', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const granted = vi.fn();
    fake.permissionRequest?.(win.webContents, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);

    fake.app.emit('window-all-closed');
    for (let i = 0; i < 100 && fake.app.quits < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake.app.quits).toBe(2);
    await expect(invoke(ours, 'setup.status', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('refuses a database from a newer app with a dialog, and leaves it alone', async () => {
    const file = join(dir, 'future.db');
    const db = new BetterSqlite3(file);
    db.exec("CREATE TABLE kysely_migration (name TEXT PRIMARY KEY, timestamp TEXT); INSERT INTO kysely_migration VALUES ('9999_future', '2030-01-01');");
    db.close();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fake = await startMain({ DESK_DB: file });
    logged.mockRestore();
    expect(fake.app.exits).toEqual([1]);
    expect(fake.windows).toEqual([]);
    expect(fake.errors.join('\n')).toMatch(/nyere versjon av Bonus desk[\s\S]*9999_future/);
  });

  describe('server mode (issue 11)', () => {
    let t: TestDesk;
    let served: ServedDesk;
    beforeAll(async () => {
      t = await testDesk();
      served = await serveDesk(t.desk);
    });
    afterAll(async () => {
      await served?.close();
      t?.close();
    });

    const handlerOf = (fake: Fake, channel: string) => {
      const handler = fake.handlers.get(channel);
      if (handler === undefined) throw new Error(`no handler for ${channel}`);
      return handler;
    };
    const ourEvent = (win: FakeWindow): InvokeEvent => ({ sender: win.webContents, senderFrame: { url: APP_URL, parent: null } });
    const quit = async (fake: Fake): Promise<void> => {
      fake.app.emit('window-all-closed');
      for (let i = 0; i < 300 && fake.app.quits < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(fake.app.quits).toBe(2);
    };

    it('DESK_SERVER: opens no database here; the window’s calls go to the server, and quitting signs out there', async () => {
      const appData = mkdtempSync(join(dir, 'server-mode-'));
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      onTestFinished(() => logged.mockRestore());
      const fake = await startMain({ DESK_SERVER: served.url }, appData);
      expect(fake.errors).toEqual([]);
      expect(fake.windows).toHaveLength(1);
      const [win] = fake.windows;
      if (win === undefined) throw new Error('no window');
      expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(existsSync(join(appData, 'Bonus desk', 'bonus-desk.db'))).toBe(false);

      const invoke = handlerOf(fake, 'desk:invoke');
      // The server's desk is set up (a local new desk would say needsSetup: true).
      await expect(invoke(ourEvent(win), 'setup.status', {})).resolves.toEqual({ ok: true, value: { needsSetup: false } });
      const login = await invoke(ourEvent(win), 'auth.login', { username: 'agent', password: testPassword('agent') });
      expect(login).toMatchObject({ ok: true, value: { user: { username: 'agent' } } });
      expect(JSON.stringify(login)).not.toMatch(/desk_session|cookie|token/i);
      await expect(invoke(ourEvent(win), 'auth.me', {})).resolves.toMatchObject({ ok: true, value: { user: { username: 'agent' } } });
      const foreign: InvokeEvent = { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
      await expect(invoke(foreign, 'auth.me', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
      for (let i = 0; i < 300 && served.server.streams() === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(served.server.streams()).toBe(1);

      await quit(fake);
      // The window's session ended on the server: its stream closed with it.
      expect(served.server.streams()).toBe(0);
    });

    it('refuses a DESK_SERVER that is not https (nor on this machine) with a dialog', async () => {
      const appData = mkdtempSync(join(dir, 'server-bad-'));
      const fake = await startMain({ DESK_SERVER: 'http://desk.senter.no' }, appData);
      expect(fake.app.exits).toEqual([1]);
      expect(fake.windows).toEqual([]);
      expect(fake.errors.join('\n')).toMatch(/https:\/\//);
    });

    it('first start: the page connects the desk to a server, which is stored and used from then on', async () => {
      const appData = mkdtempSync(join(dir, 'first-start-'));
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const fake = await startMain({}, appData);
        const [win] = fake.windows;
        if (win === undefined) throw new Error('no window');
        const invoke = handlerOf(fake, 'desk:invoke');
        const connect = handlerOf(fake, 'desk:connect-server');
        await expect(invoke(ourEvent(win), 'setup.status', {})).resolves.toEqual({ ok: true, value: { needsSetup: true } });

        // Only our page may ask, only for https:// or this machine, and only a real desk server.
        await expect(connect({ sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, served.url)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
        await expect(connect(ourEvent(win), 'http://desk.senter.no')).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input', details: { reason: 'insecure' } } });
        expect(existsSync(join(appData, 'Bonus desk', 'settings.json'))).toBe(false);

        await expect(connect(ourEvent(win), served.url)).resolves.toMatchObject({ ok: true, value: { url: served.url } });
        expect(JSON.parse(readFileSync(join(appData, 'Bonus desk', 'settings.json'), 'utf8'))).toEqual({ server: served.url });
        for (let i = 0; i < 100 && win.webContents.reloads === 0; i++) await new Promise((r) => setTimeout(r, 10));
        expect(win.webContents.reloads).toBe(1);
        // The reloaded page is on the server now.
        await expect(invoke(ourEvent(win), 'setup.status', {})).resolves.toEqual({ ok: true, value: { needsSetup: false } });
        // And a desk that is on a working server stays there.
        await expect(connect(ourEvent(win), served.url)).resolves.toMatchObject({ ok: false, error: { code: 'conflict' } });
        await quit(fake);

        // The next start goes to the stored server; `--db`/DESK_DB would open a local desk instead.
        const again = await startMain({}, appData);
        const [next] = again.windows;
        if (next === undefined) throw new Error('no window');
        await expect(handlerOf(again, 'desk:invoke')(ourEvent(next), 'setup.status', {})).resolves.toEqual({ ok: true, value: { needsSetup: false } });
        await quit(again);
      } finally {
        logged.mockRestore();
      }
    });
  });
});
