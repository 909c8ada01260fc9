import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_URL,
  BLOCKED_URLS,
  CSP,
  denyPermissionCheck,
  type denyPermissionRequest,
  denyWindowOpen,
  hardenSession,
  hardenWebContents,
  isAllowedSender,
  isAppUrl,
  withCsp,
  type HardenableContents,
  type HardenableSession,
  type Preventable,
} from './security.js';
import { createMainWindow } from './window.js';

/**
 * The window's options are written literally at `new BrowserWindow(...)` in window.ts (so that
 * scanners see them); here the mocked constructor records what it receives.
 */
const constructed = vi.hoisted(() => [] as BrowserWindowConstructorOptions[]);

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow extends Emitter {
    readonly webContents = new Emitter();
    constructor(options: BrowserWindowConstructorOptions) {
      super();
      constructed.push(options);
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  return { BrowserWindow };
});

/** The webPreferences the desk's window is created with. */
function windowPreferences(dev: boolean, preload = '/app/dist/main/preload.cjs'): WebPreferences {
  const before = constructed.length;
  createMainWindow({ preload, dev });
  expect(constructed).toHaveLength(before + 1);
  return constructed[before]?.webPreferences ?? {};
}

const preventable = (): Preventable & { prevented: boolean } => ({
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
});

describe("the window's webPreferences", () => {
  const prefs = windowPreferences(false);

  it('isolates, sandboxes and keeps Node out of the page', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/dist/main/preload.cjs');
  });

  it('enables no experimental or Blink feature, and disables auxclick', () => {
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('does not navigate on drop, spellcheck (no dictionary downloads) or let a page loop dialogs', () => {
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.safeDialogs).toBe(true);
  });

  it('offers developer tools only unpackaged', () => {
    expect(prefs.devTools).toBe(false);
    expect(windowPreferences(true, 'p').devTools).toBe(true);
  });

  it('sets nothing else: a new preference is a decision for this file and docs/security.md', () => {
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'devTools',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });
});

describe('CSP', () => {
  const directives = new Map(CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

  it('allows scripts from our own files only: no inline script, no eval', () => {
    expect(directives.get('script-src')).toBe("'self'");
    expect(CSP).not.toContain('unsafe-eval');
    expect(directives.get('default-src')).toBe("'self'");
  });

  it('allows inline styles (emotion) and nothing else inline', () => {
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(CSP.match(/unsafe-inline/g)).toHaveLength(1);
  });

  it('closes everything the desk does not use', () => {
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('img-src')).toBe("'self' data:");
  });
});

describe('web contents', () => {
  class FakeContents extends EventEmitter implements HardenableContents {
    openHandler: (() => unknown) | undefined;
    setWindowOpenHandler(handler: () => ReturnType<typeof denyWindowOpen>): void {
      this.openHandler = handler;
    }
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (event) => {
    const contents = new FakeContents();
    hardenWebContents(contents);
    const e = preventable();
    contents.emit(event, e, 'https://example.com/');
    expect(e.prevented).toBe(true);
  });

  it('denies window.open', () => {
    const contents = new FakeContents();
    hardenWebContents(contents);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });
});

describe('session', () => {
  const fakeSession = () => {
    const emitter = new EventEmitter();
    const calls = {
      request: undefined as typeof denyPermissionRequest | undefined,
      check: undefined as typeof denyPermissionCheck | undefined,
      device: undefined as (() => boolean) | undefined,
      blocked: [] as string[],
      beforeRequest: undefined as ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined,
      headers: undefined as
        | ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)
        | undefined,
    };
    const session: HardenableSession = {
      setPermissionRequestHandler: (h) => (calls.request = h),
      setPermissionCheckHandler: (h) => (calls.check = h),
      setDevicePermissionHandler: (h) => (calls.device = h),
      on: (event, listener) => emitter.on(event, listener),
      webRequest: {
        onBeforeRequest: (filter, listener) => {
          calls.blocked = filter.urls;
          calls.beforeRequest = listener;
        },
        onHeadersReceived: (listener) => (calls.headers = listener),
      },
    };
    hardenSession(session);
    return { calls, emitter };
  };

  it('denies every permission request and check', () => {
    const { calls } = fakeSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      calls.request?.(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(calls.check?.()).toBe(false);
    expect(calls.device?.()).toBe(false);
    expect(denyPermissionCheck()).toBe(false);
  });

  it('cancels every network and file request, and downloads', () => {
    const { calls, emitter } = fakeSession();
    expect(calls.blocked).toEqual([...BLOCKED_URLS]);
    expect(calls.blocked).toEqual(expect.arrayContaining(['https://*/*', 'file:///*']));
    const callback = vi.fn();
    calls.beforeRequest?.({ url: 'https://example.com/' }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel: true });
    const download = preventable();
    emitter.emit('will-download', download);
    expect(download.prevented).toBe(true);
  });

  it('puts our CSP on every response, replacing any other', () => {
    const { calls } = fakeSession();
    const callback = vi.fn();
    calls.headers?.({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CSP] } });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CSP] });
  });
});

describe('isAllowedSender', () => {
  const ours = (id: number) => id === 7;
  const mainFrame = { url: APP_URL, parent: null };

  it('answers our window main frame showing our page', () => {
    expect(isAllowedSender(mainFrame, 7, ours)).toBe(true);
    expect(isAllowedSender({ url: 'app://desk/members/12', parent: null }, 7, ours)).toBe(true);
  });

  it('refuses a foreign page, an iframe, another web contents and a gone frame', () => {
    expect(isAllowedSender({ url: 'https://evil.example/', parent: null }, 7, ours)).toBe(false);
    expect(isAllowedSender({ url: 'file:///tmp/index.html', parent: null }, 7, ours)).toBe(false);
    expect(isAllowedSender({ url: 'app://other/index.html', parent: null }, 7, ours)).toBe(false);
    expect(isAllowedSender({ url: APP_URL, parent: mainFrame }, 7, ours)).toBe(false);
    expect(isAllowedSender(mainFrame, 8, ours)).toBe(false);
    expect(isAllowedSender(null, 7, ours)).toBe(false);
  });

  it('parses app URLs strictly', () => {
    expect(isAppUrl('app://desk/')).toBe(true);
    expect(isAppUrl('app://desk.evil/')).toBe(false);
    expect(isAppUrl('app://user@desk/')).toBe(false);
    expect(isAppUrl('app://desk:8080/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
