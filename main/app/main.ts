import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, dialog, ipcMain, Menu, protocol, session, type BrowserWindow } from 'electron';
import { openDesk, type Desk } from '../desk.js';
import { DatabaseFromFutureError } from '../db/migrate.js';
import { startAutoBackup, type AutoBackup } from './backups.js';
import { registerDeskIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { backupDir, nativeBindingPath, preloadPath, rendererRoot, resolveDbPath, workerScriptPath } from './paths.js';
import { APP_SCHEME_PRIVILEGES, serveApp } from './protocol.js';
import { APP_SCHEME, hardenSession, hardenWebContents } from './security.js';
import { createMainWindow, focusWindow } from './window.js';

/**
 * The Electron entry (bundled to dist/main/main.cjs by scripts/build-main.ts). Everything that
 * knows a rule runs in openDesk (main/desk.ts), the same code the CLI and the tests use; this
 * file wires it to one window.
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

async function start(): Promise<void> {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => focusWindow(win));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  const dev = !app.isPackaged;
  const appPath = app.getAppPath();
  const userData = app.getPath('userData');
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
    return;
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
    return;
  }

  // A restore the admin scheduled on the Backups page was done (or refused) before the desk opened.
  if (desk.restore?.kind === 'restored') log(`restored ${desk.restore.backup}; the file it replaced is kept as ${desk.restore.result.aside ?? '(there was none)'}`);
  if (desk.restore?.kind === 'failed') log(`the scheduled restore of ${desk.restore.backup} was not done: ${desk.restore.message}`);

  hardenSession(session.defaultSession);
  const root = rendererRoot(appPath);
  session.defaultSession.protocol.handle(APP_SCHEME, (request) => serveApp(root, request));

  registerDeskIpc(ipcMain, {
    connect: () => desk.connect(),
    isOurWebContents: (id) => win !== null && !win.isDestroyed() && win.webContents.id === id,
    onError: (error) => log('invoke failed', error),
    onForbidden: (url) => log(`refused a call from ${url ?? 'a destroyed frame'}`),
  });

  const showAbout = (): void => {
    const options = {
      type: 'info' as const,
      title: `Om ${APP_NAME}`,
      message: `${APP_NAME} ${app.getVersion()}`,
      detail: `Database: ${file}\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
    };
    void (win === null ? dialog.showMessageBox(options) : dialog.showMessageBox(win, options));
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ dev, mac: process.platform === 'darwin', appName: APP_NAME, onAbout: showAbout })));

  const icon = join(appPath, 'build', 'icon.png');
  win = createMainWindow({ preload: preloadPath(appPath), dev, ...(dev && existsSync(icon) ? { icon } : {}), log });
  win.on('closed', () => {
    win = null;
  });

  const backups: AutoBackup = startAutoBackup({
    db: desk.store,
    dir: backupDir(userData),
    clock: desk.clock,
    onBackup: (path) => log(`daily backup: ${path}`),
    onError: (error) => log('daily backup failed', error),
  });

  // Close the database once, after a backup under way has finished.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void backups.stop().finally(() => {
      closed = true;
      desk.close();
      app.quit();
    });
  });
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
