import { isAbsolute, join, resolve } from 'node:path';

/** The database file's name in the user-data folder. */
export const DB_FILE_NAME = 'bonus-desk.db';

/** The app's own settings (settings.ts) in the user-data folder. */
export const SETTINGS_FILE_NAME = 'settings.json';

/** `--NAME VALUE` or `--NAME=VALUE` on the command line, if given (the last one wins). */
function optionArgument(argv: readonly string[], name: string): string | undefined {
  const flag = `--${name}`;
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === flag) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        found = next;
        i++;
      }
    } else if (arg?.startsWith(`${flag}=`) === true && arg.length > flag.length + 1) {
      found = arg.slice(flag.length + 1);
    }
  }
  return found;
}

/** `--db PATH` or `--db=PATH` on the command line, if given (the last one wins). */
export function dbArgument(argv: readonly string[]): string | undefined {
  return optionArgument(argv, 'db');
}

/** `--server URL` or `--server=URL` on the command line, if given (the last one wins). */
export function serverArgument(argv: readonly string[]): string | undefined {
  return optionArgument(argv, 'server');
}

export function settingsPath(userData: string): string {
  return join(userData, SETTINGS_FILE_NAME);
}

/** Where the server address came from: the command line and the environment are for this start only. */
export type ServerSource = 'argument' | 'environment' | 'settings';

/**
 * Which desk server this start connects to (issue 11), if any: `--server URL`, else
 * `DESK_SERVER`, else — unless a database was named with `--db` or `DESK_DB`, which asks for
 * the embedded desk on that file — the one chosen on the first-start screen (settings.json).
 * The address is not checked here (server-address.ts does that).
 */
export function resolveServer(input: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stored: () => string | undefined;
}): { address: string; source: ServerSource } | undefined {
  const argument = serverArgument(input.argv);
  if (argument !== undefined) return { address: argument, source: 'argument' };
  const env = nonEmpty(input.env['DESK_SERVER']);
  if (env !== undefined) return { address: env, source: 'environment' };
  if (dbArgument(input.argv) !== undefined || nonEmpty(input.env['DESK_DB']) !== undefined) return undefined;
  const stored = nonEmpty(input.stored());
  return stored === undefined ? undefined : { address: stored, source: 'settings' };
}

/**
 * Where the desk keeps its data (DESIGN.md, Data): `--db PATH`, else `DESK_DB`, else
 * `<userData>/bonus-desk.db`. A relative path is taken from the working directory.
 */
export function resolveDbPath(input: { argv: readonly string[]; env: Readonly<Record<string, string | undefined>>; userData: string; cwd: string }): string {
  const chosen = dbArgument(input.argv) ?? nonEmpty(input.env['DESK_DB']);
  if (chosen === undefined) return join(input.userData, DB_FILE_NAME);
  return isAbsolute(chosen) ? chosen : resolve(input.cwd, chosen);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The folder electron-native.ts builds into and electron-builder copies to `resources/native`. */
export function nativeDirName(electronVersion: string): string {
  return `electron-${electronVersion}`;
}

export const NATIVE_FILE_NAME = 'better_sqlite3.node';

/**
 * better-sqlite3 built for this Electron (scripts/electron-native.ts): beside the project in
 * development (`.native/electron-<version>/`), in `resources/native/electron-<version>/` when
 * packaged (electron-builder.yml, extraResources: outside the asar, so the OS can load it).
 */
export function nativeBindingPath(input: { packaged: boolean; appPath: string; resourcesPath: string; electronVersion: string }): string {
  const base = input.packaged ? join(input.resourcesPath, 'native') : join(input.appPath, '.native');
  return join(base, nativeDirName(input.electronVersion), NATIVE_FILE_NAME);
}

/** The built renderer and preload, relative to the app (the project folder, or app.asar). */
export function rendererRoot(appPath: string): string {
  return join(appPath, 'dist', 'renderer');
}

export function preloadPath(appPath: string): string {
  return join(appPath, 'dist', 'main', 'preload.cjs');
}

/** The bundled worker for long jobs (main/workers/job-worker.ts); it runs from inside app.asar. */
export function workerScriptPath(appPath: string): string {
  return join(appPath, 'dist', 'main', 'job-worker.cjs');
}

/** Daily backups go beside the user data, not beside a `--db` file chosen for a test. */
export function backupDir(userData: string): string {
  return join(userData, 'backups');
}
