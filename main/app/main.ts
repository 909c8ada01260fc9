import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, dialog, ipcMain, Menu, protocol, session, type BrowserWindow } from 'electron';
import { openDesk, type Desk } from '../desk.js';
import { DatabaseFromFutureError } from '../db/migrate.js';
import { startAutoBackup, type AutoBackup } from './backups.js';
import { registerDeskIpc, type WindowConnection } from './ipc.js';
import { menuTemplate } from './menu.js';
import { backupDir, nativeBindingPath, preloadPath, rendererRoot, resolveDbPath, resolveServer, settingsPath, workerScriptPath } from './paths.js';
import { APP_SCHEME_PRIVILEGES, serveApp } from './protocol.js';
import { RemoteConnection } from './remote.js';
import { APP_SCHEME, hardenSession, hardenWebContents } from './security.js';
import { parseServerAddress } from './server-address.js';
import { chooseServer } from './server-choice.js';
import { readAppSettings, writeAppSettings } from './settings.js';
import { createMainWindow, focusWindow } from './window.js';

/**
 * The Electron entry (bundled to dist/main/main.cjs by scripts/build-main.ts). Everything that
 * knows a rule runs in openDesk (main/desk.ts), the same code the CLI and the tests use; this
 * file wires it to one window. In server mode (issue 11) the window's calls go instead to the
 * centre's desk server, over a RemoteConnection (remote.ts) per window, and the server's events
 * come back to the window (ipc.ts). Node's fetch trusts Node's CA list: a centre with its own
 * CA gives it with NODE_EXTRA_CA_CERTS.
 */

const APP_NAME = 'Bonus desk';

// Before `ready`: our scheme is privileged, every renderer is sandboxed, and the user-data folder
// has the same name in development and when installed (the single-instance lock lives there).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
app.enableSandbox();
app.setName(APP_NAME);
app.setPath('userData', join(app.getPath('appData'), APP_NAME));
// Every web contents, including any we did not expect, is hardened before it loads anything.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

const log = (message: string, error?: unknown): void => {
  console.error(`[bonus-desk] ${message}`, ...(error === undefined ? [] : [error]));
};

if (!app.requestSingleInstanceLock()) {
  // A desk is already running on this user-data folder: it takes focus ('second-instance').
  app.quit();
} else {
  start().catch((error: unknown) => {
    log('start failed', error);
    dialog.showErrorBox(APP_NAME, `Bonus desk kunne ikke starte.\n\n${errorText(error)}`);
    app.exit(1);
  });
}

/** Where this window's desk is: a database file opened here, or the centre's desk server (issue 11). */
type Mode = { kind: 'embedded'; desk: Desk; file: string; backups: AutoBackup } | { kind: 'server'; url: string };

async function start(): Promise<void> {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => focusWindow(win));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  const dev = !app.isPackaged;
  const appPath = app.getAppPath();
  const userData = app.getPath('userData');
  const settingsFile = settingsPath(userData);

  // Server mode (issue 11): `--server URL`, `DESK_SERVER`, or the first-start screen's choice
  // (settings.json). No database is opened here then; every window's calls go to the server.
  let mode: Mode | null = null;
  const chosen = resolveServer({ argv: process.argv, env: process.env, stored: () => readAppSettings(settingsFile, log).server });
  if (chosen !== undefined) {
    const parsed = parseServerAddress(chosen.address);
    if (parsed.ok) {
      mode = { kind: 'server', url: parsed.url };
    } else if (chosen.source === 'settings') {
      log(`the stored desk server address ${chosen.address} is not usable (${parsed.reason}); opening the desk on this machine`);
    } else {
      dialog.showErrorBox(
        APP_NAME,
        parsed.reason === 'insecure'
          ? `Skrivebordsserveren må bruke https:// (http:// bare på denne maskinen):\n${chosen.address}`
          : `Adressen til skrivebordsserveren er ikke gyldig:\n${chosen.address}`,
      );
      app.exit(1);
      return;
    }
  }
  if (mode === null) {
    const opened = await openEmbedded(dev, appPath, userData);
    if (opened === null) return;
    mode = opened;
  }
  let current: Mode = mode;

  hardenSession(session.defaultSession);
  const root = rendererRoot(appPath);
  session.defaultSession.protocol.handle(APP_SCHEME, (request) => serveApp(root, request));

  const remote = (url: string): RemoteConnection => new RemoteConnection({ url, onError: (error) => log('an event listener failed', error) });
  const connectionOf = (m: Mode): WindowConnection => (m.kind === 'server' ? remote(m.url) : m.desk.connect());

  /**
   * The embedded desk's daily backups stop and its database closes once, after a backup under
   * way; for a window moved to a server, what is left is to wait for that close to finish.
   */
  let closing: Promise<void> | null = null;
  const closeEmbedded = (m: Mode): Promise<void> => {
    if (m.kind === 'embedded') closing ??= m.backups.stop().finally(() => m.desk.close());
    return closing ?? Promise.resolve();
  };

  const ipc = registerDeskIpc(ipcMain, {
    connect: () => connectionOf(current),
    isOurWebContents: (id) => win !== null && !win.isDestroyed() && win.webContents.id === id,
    connectServer: (address) =>
      chooseServer(address, {
        current: () => connectionOf(current),
        save: (url) => writeAppSettings(settingsFile, { ...readAppSettings(settingsFile, log), server: url }),
        switchTo: async (url) => {
          const left = current;
          current = { kind: 'server', url };
          // Every call from now on goes to the server: this window's connection to the old desk
          // ends here (not only when the reload is seen), then the page starts again at sign-in.
          await ipc.handlers.endAll();
          setImmediate(() => {
            if (win !== null && !win.isDestroyed()) win.webContents.reload();
          });
          void closeEmbedded(left).catch((error: unknown) => log('closing the local desk failed', error));
        },
        log,
      }),
    onError: (error) => log('invoke failed', error),
    onForbidden: (url) => log(`refused a call from ${url ?? 'a destroyed frame'}`),
  });

  const showAbout = (): void => {
    const options = {
      type: 'info' as const,
      title: `Om ${APP_NAME}`,
      message: `${APP_NAME} ${app.getVersion()}`,
      detail: `${current.kind === 'server' ? `Skrivebordsserver: ${current.url}` : `Database: ${current.file}`}\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
    };
    void (win === null ? dialog.showMessageBox(options) : dialog.showMessageBox(win, options));
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ dev, mac: process.platform === 'darwin', appName: APP_NAME, onAbout: showAbout })));

  const icon = join(appPath, 'build', 'icon.png');
  win = createMainWindow({ preload: preloadPath(appPath), dev, ...(dev && existsSync(icon) ? { icon } : {}), log });
  win.on('closed', () => {
    win = null;
  });

  // On quit: sign out of the desk server (best effort, a few seconds at most), and close the
  // local database once, after a backup under way has finished.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void ipc.handlers
      .endAll()
      .then(() => closeEmbedded(current))
      .catch((error: unknown) => log('closing failed', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

/** The desk on this machine: its database opened (a restore done first), its daily backups started. Null when it could not open (a dialog said why). */
async function openEmbedded(dev: boolean, appPath: string, userData: string): Promise<Extract<Mode, { kind: 'embedded' }> | null> {
  const file = resolveDbPath({ argv: process.argv, env: process.env, userData, cwd: process.cwd() });
  const nativeBinding = nativeBindingPath({
    packaged: app.isPackaged,
    appPath,
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron,
  });

  if (!existsSync(nativeBinding)) {
    dialog.showErrorBox(
      APP_NAME,
      dev
        ? `Databasemodulen for Electron ${process.versions.electron} mangler:\n${nativeBinding}\n\nKjør «npm start», som bygger den (scripts/electron-native.ts).`
        : `Installasjonen er ufullstendig: databasemodulen mangler.\n${nativeBinding}\n\nInstaller Bonus desk på nytt.`,
    );
    app.exit(1);
    return null;
  }

  let desk: Desk;
  try {
    mkdirSync(dirname(file), { recursive: true });
    desk = await openDesk({
      file,
      nativeBinding,
      workerScript: workerScriptPath(appPath),
      // Member reports and GDPR access copies go where the manager finds downloads.
      exportDir: join(app.getPath('downloads'), 'Bonus desk'),
      // One backup folder for the app: the daily backups (below), the pre-migration ones, and the
      // admin's Backups page, which lists them and schedules a restore for the next start.
      backupDir: backupDir(userData),
      // Development builds check every output against the contract, so a handler that breaks
      // it fails loudly (as `internal`, logged) while it is being written; the packaged app
      // skips the check (handlers are typed from the contract) and spends nothing on it.
      validateOutput: dev,
      onInternalError: (error, channel) => log(`internal error in ${channel}`, error),
    });
  } catch (error) {
    log(`could not open ${file}`, error);
    dialog.showErrorBox(APP_NAME, openErrorText(error, file));
    app.exit(1);
    return null;
  }

  // A restore the admin scheduled on the Backups page was done (or refused) before the desk opened.
  if (desk.restore?.kind === 'restored') log(`restored ${desk.restore.backup}; the file it replaced is kept as ${desk.restore.result.aside ?? '(there was none)'}`);
  if (desk.restore?.kind === 'failed') log(`the scheduled restore of ${desk.restore.backup} was not done: ${desk.restore.message}`);

  const backups: AutoBackup = startAutoBackup({
    db: desk.store,
    dir: backupDir(userData),
    clock: desk.clock,
    onBackup: (path) => log(`daily backup: ${path}`),
    onError: (error) => log('daily backup failed', error),
  });
  return { kind: 'embedded', desk, file, backups };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function openErrorText(error: unknown, file: string): string {
  if (error instanceof DatabaseFromFutureError) {
    return (
      'Databasen er lagret av en nyere versjon av Bonus desk, og denne versjonen kan ikke åpne den. ' +
      'Oppdater Bonus desk og prøv igjen. Filen er ikke endret.\n\n' +
      `${file}\n\nUkjente migreringer: ${error.unknownMigrations.join(', ')}`
    );
  }
  return `Bonus desk kunne ikke åpne databasen.\n\n${file}\n\n${errorText(error)}`;
}
