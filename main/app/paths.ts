import { isAbsolute, join, resolve } from 'node:path';

/** The database file's name in the user-data folder. */
export const DB_FILE_NAME = 'bonus-desk.db';

/** `--db PATH` or `--db=PATH` on the command line, if given (the last one wins). */
export function dbArgument(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--db') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        found = next;
        i++;
      }
    } else if (arg?.startsWith('--db=') === true && arg.length > '--db='.length) {
      found = arg.slice('--db='.length);
    }
  }
  return found;
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
