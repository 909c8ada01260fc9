/**
 * `npm start` (after `npm run build`): the Electron desk when Electron is installed, else the
 * same desk in the browser (issue 11). Electron's binary is downloaded by its package's install
 * script; on a machine without the internet at `npm install` it is missing, and so is the
 * Electron build of better-sqlite3. Then this says so in one line, starts the desk server on
 * 127.0.0.1 over the same database the app would open (the first-start screen offers the demo
 * desk), and prints the address to open. Ctrl+C stops it gracefully.
 *
 * Flags: `--db FILE` (or DESK_DB), `--port P` (default 8080; a free one if that is taken),
 * `--browser` (skip Electron even where it is installed). Other flags go to Electron.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, defaultRendererRoot } from '../main/server/serve.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable when its package has downloaded it; null when it has not. */
export function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Where the app keeps its database (main/app/paths.ts: `<appData>/Bonus desk/bonus-desk.db`). */
export function defaultDbPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const appData =
    process.platform === 'win32'
      ? (env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'));
  return join(appData, 'Bonus desk', 'bonus-desk.db');
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const browserOnly = args.includes('--browser');
  if (browserOnly) args.splice(args.indexOf('--browser'), 1);
  const binary = browserOnly ? null : electronBinary();
  if (binary !== null) {
    const native = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'electron-native.ts')], { stdio: 'inherit', cwd: root });
    if (native.status === 0) {
      const child = spawn(binary, ['.', ...args], { stdio: 'inherit', cwd: root });
      return await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1)));
    }
    console.log('Bonus desk: the database module for Electron could not be built (no internet?); opening the desk in the browser instead.');
  } else if (!browserOnly) {
    console.log('Bonus desk: Electron is not installed on this machine (it is downloaded at npm install, which needs the internet); opening the same desk in the browser instead.');
  }

  const db = resolve(option(args, '--db') ?? (process.env['DESK_DB']?.trim() || defaultDbPath()));
  const wanted = Number(option(args, '--port') ?? '8080');
  mkdirSync(dirname(db), { recursive: true });
  const rendererRoot = defaultRendererRoot();
  if (rendererRoot === null) {
    console.error('error: dist/renderer is missing; run `npm run build:renderer` (npm start does it first).');
    return 1;
  }
  const log = (line: string): void => {
    process.stderr.write(`[desk-server] ${line}\n`);
  };
  const options = { db, host: '127.0.0.1', origins: [], rendererRoot, tls: undefined };
  let running;
  try {
    running = await serve({ ...options, port: wanted }, log);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EADDRINUSE')) throw error;
    running = await serve({ ...options, port: 0 }, log);
  }
  console.log(`Bonus desk is ready: open ${running.server.url}/ in a browser (database ${db}). Ctrl+C stops it.`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      running.stop().then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
