import type { WindowOpenHandlerResponse } from 'electron';
import { CSP_DIRECTIVES } from '../../shared/csp.js';

/**
 * The window's security policy as plain data and plain functions, so it is tested without
 * Electron (security.test.ts). Electron's own security checklist is the source of each choice;
 * the numbers below are its items, and docs/security.md ("Electron checklist") walks all of them.
 * The window's webPreferences are written literally at `new BrowserWindow(...)` in window.ts,
 * where readers and scanners look for them; #19 (fuses) is in electron-builder.yml.
 */

/**
 * The page is served from our own scheme, not file:// (#18): under file:// 'self' in the CSP
 * means every file on the disk and the page gets file-scheme extras; app://desk/ serves only
 * dist/renderer (protocol.ts) and gives the page a real origin to check senders against.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The Content-Security-Policy of the page (#7), sent as a header; see shared/csp.ts. */
export { CSP_DIRECTIVES };
export const CSP = CSP_DIRECTIVES.join('; ');

/** Anything a navigation event carries that we use: it can be stopped. */
export interface Preventable {
  preventDefault(): void;
}

/**
 * #13: the page never navigates. The renderer routes inside the page (history API), which
 * fires none of these events; a link, a form, a drop or a script changing location would leave
 * our origin (and our preload's bridge) — every such attempt is stopped.
 */
export function preventNavigation(event: Preventable): void {
  event.preventDefault();
}

/** #14: no new windows (window.open, target=_blank links). */
export function denyWindowOpen(): WindowOpenHandlerResponse {
  return { action: 'deny' };
}

/** #5: the desk needs no camera, microphone, notifications, geolocation, clipboard, … */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

/** Where an app URL points: only app://desk/… counts. (WHATWG `origin` is "null" for custom schemes.) */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** The frame an IPC message came from (Electron's WebFrameMain, reduced to what we check). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * #17: a message is answered only when it comes from the main frame (not an iframe) of one of
 * our windows, showing our own page. `senderFrame` is null when the frame has navigated away or
 * been destroyed since it sent.
 */
export function isAllowedSender(
  frame: SenderFrame | null | undefined,
  webContentsId: number,
  isOurWebContents: (id: number) => boolean,
): boolean {
  if (frame === null || frame === undefined) return false;
  if (frame.parent !== null) return false;
  if (!isOurWebContents(webContentsId)) return false;
  return isAppUrl(frame.url);
}

/** The web-contents events `hardenWebContents` listens to, typed loosely enough for a test double. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: () => WindowOpenHandlerResponse): void;
}

/** Applied to every web contents the app creates (`app.on('web-contents-created')`). */
export function hardenWebContents(contents: HardenableContents): void {
  contents.on('will-navigate', preventNavigation);
  contents.on('will-frame-navigate', preventNavigation);
  contents.on('will-redirect', preventNavigation);
  contents.on('will-attach-webview', preventNavigation);
  contents.setWindowOpenHandler(denyWindowOpen);
}

/** Requests the desk's session cancels outright: it never talks to a network or reads files. */
export const BLOCKED_URLS: readonly string[] = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file:///*'];

export interface HardenableSession {
  setPermissionRequestHandler(handler: typeof denyPermissionRequest): void;
  setPermissionCheckHandler(handler: typeof denyPermissionCheck): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  on(event: 'will-download', listener: (event: Preventable) => void): unknown;
  readonly webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Headers with our CSP in place of any other (there is one policy, ours). */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') next[name] = value;
  }
  next['Content-Security-Policy'] = [CSP];
  return next;
}

/** The session policy: deny every permission, no downloads, no network, CSP on every response. */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(denyPermissionCheck);
  session.on('will-download', preventNavigation);
  session.webRequest.onBeforeRequest({ urls: [...BLOCKED_URLS] }, (_details, callback) => callback({ cancel: true }));
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders) }));
}
