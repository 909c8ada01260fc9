import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nativeDirName, NATIVE_FILE_NAME } from '../main/app/paths.js';

/**
 * One native module, two runtimes. `npm install` builds better-sqlite3 for Node (tests, CLI,
 * bench) in node_modules/better-sqlite3/build. Electron has its own ABI, so `npm start` and
 * `npm run dist` run this script, which puts a second build in .native/electron-<version>/ —
 * only when it is missing or was made for another better-sqlite3, platform or arch — and never
 * touches node_modules/better-sqlite3/build.
 *
 * How: copy the package (without its build) to a temp folder, then
 *   1. prebuild-install --runtime electron (better-sqlite3's own prebuilt binaries, from GitHub);
 *   2. else node-gyp rebuild against Electron's headers (from electronjs.org).
 * Both need the internet. @electron/rebuild is not used: 4.x needs Node 22 and rebuilds in place.
 *
 * Flags: --force (build even if present), --arch=<arch> (default: this machine's),
 * --dist-url=<url> (a mirror of Electron's headers).
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(join(root, 'package.json'));

export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

export interface NativeTarget {
  electronVersion: string;
  /** Where node-gyp gets Electron's headers (not part of the stamp). */
  distUrl?: string;
  betterSqlite3Version: string;
  platform: string;
  arch: string;
}

/** Written beside the binary: what it was built for. */
export const STAMP_FILE = 'build-info.json';

export function nativeDir(projectRoot: string, electronVersion: string): string {
  return join(projectRoot, '.native', nativeDirName(electronVersion));
}

export type Decision = { build: false; reason: string } | { build: true; reason: string };

/** Whether to build: only when the binary is missing, or its stamp says it was made for something else. */
export function decide(state: { binaryExists: boolean; stamp: unknown }, target: NativeTarget, force = false): Decision {
  if (force) return { build: true, reason: '--force' };
  if (!state.binaryExists) return { build: true, reason: 'missing' };
  if (!isStamp(state.stamp)) return { build: true, reason: `no readable ${STAMP_FILE}` };
  for (const key of ['electronVersion', 'betterSqlite3Version', 'platform', 'arch'] as const) {
    if (state.stamp[key] !== target[key]) {
      return { build: true, reason: `built for ${key} ${state.stamp[key]}, need ${target[key]}` };
    }
  }
  return { build: false, reason: 'up to date' };
}

function isStamp(value: unknown): value is NativeTarget {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['electronVersion', 'betterSqlite3Version', 'platform', 'arch'].every((key) => typeof record[key] === 'string');
}

/** Other Electron versions' builds: electron-builder would ship every .native/electron-* folder. */
export function staleDirs(entries: readonly string[], electronVersion: string): string[] {
  const keep = nativeDirName(electronVersion);
  return entries.filter((name) => name.startsWith('electron-') && name !== keep);
}

/**
 * The environment for the builders: without npm's `npm_config_*` settings that would steer them
 * to Node's headers (a user `nodedir`, `target`, `runtime`, `disturl`, …) — proxies stay.
 */
export function builderEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const keep = /^npm_config_(https?_proxy|proxy|noproxy|no_proxy|cafile|strict_ssl)$/i;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (/^npm_config_/i.test(key) && !keep.test(key)) continue;
    if (/^npm_package_/i.test(key)) continue;
    out[key] = value;
  }
  return out;
}

export function prebuildArgs(target: NativeTarget): string[] {
  return ['--runtime=electron', `--target=${target.electronVersion}`, `--arch=${target.arch}`, `--platform=${target.platform}`, '--verbose'];
}

export function nodeGypArgs(target: NativeTarget): string[] {
  return [
    'rebuild',
    '--release',
    '--jobs=max',
    '--runtime=electron',
    `--target=${target.electronVersion}`,
    `--dist-url=${target.distUrl ?? ELECTRON_HEADERS_URL}`,
    `--arch=${target.arch}`,
  ];
}

/** A Node add-on declares the ABI it was built for as the symbol `node_register_module_v<abi>`. */
export function declaredAbis(binary: Uint8Array): string[] {
  const text = Buffer.from(binary).toString('latin1');
  return [...new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((m) => m[1] ?? ''))];
}

/** node-gyp: the project's own (electron-builder brings one), else the one npm ships. */
export function findNodeGyp(projectRoot: string, env: Readonly<Record<string, string | undefined>>, exists: (path: string) => boolean = existsSync): string | undefined {
  const candidates = [join(projectRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  const npmCli = env['npm_execpath'];
  if (npmCli !== undefined && npmCli !== '') candidates.push(join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const prefix = dirname(dirname(process.execPath));
  candidates.push(
    join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates.find((path) => exists(path));
}

function packageVersion(name: string): string {
  const file = requireFromRoot.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function run(label: string, args: string[], cwd: string): boolean {
  console.log(`electron-native: ${label}`);
  const result = spawnSync(process.execPath, args, { cwd, env: builderEnv(process.env), stdio: 'inherit', timeout: 20 * 60_000 });
  if (result.error !== undefined) console.error(`electron-native: ${label}: ${result.error.message}`);
  return result.status === 0;
}

function main(): void {
  const argv = process.argv.slice(2);
  const force = argv.includes('--force');
  const flag = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const archArg = flag('arch');
  const distUrl = flag('dist-url');
  const target: NativeTarget = {
    ...(distUrl === undefined ? {} : { distUrl }),
    electronVersion: packageVersion('electron'),
    betterSqlite3Version: packageVersion('better-sqlite3'),
    platform: process.platform,
    arch: archArg ?? process.arch,
  };
  const outDir = nativeDir(root, target.electronVersion);
  const outFile = join(outDir, NATIVE_FILE_NAME);
  const label = `better-sqlite3 ${target.betterSqlite3Version} for Electron ${target.electronVersion} (${target.platform}-${target.arch})`;

  const decision = decide({ binaryExists: existsSync(outFile), stamp: readJson(join(outDir, STAMP_FILE)) }, target, force);
  if (!decision.build) {
    console.log(`electron-native: ${label}: ${decision.reason} (${relative(root, outFile)})`);
    pruneStale(target.electronVersion);
    return;
  }
  console.log(`electron-native: building ${label} (${decision.reason})`);

  const source = dirname(requireFromRoot.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'bonus-desk-native-'));
  const pkgDir = join(work, 'better-sqlite3');
  try {
    // The copy leaves out build/: node_modules/better-sqlite3/build is Node's and stays so.
    const sourceBuild = join(source, 'build');
    cpSync(source, pkgDir, { recursive: true, filter: (src) => src !== sourceBuild && !src.startsWith(sourceBuild + sep) });
    const built = join(pkgDir, 'build', 'Release', NATIVE_FILE_NAME);

    const prebuild = join(dirname(requireFromRoot.resolve('prebuild-install/package.json')), 'bin.js');
    let ok = run('trying a prebuilt binary (prebuild-install)', [prebuild, ...prebuildArgs(target)], pkgDir) && existsSync(built);
    if (!ok) {
      const nodeGyp = findNodeGyp(root, process.env);
      if (nodeGyp === undefined) {
        console.error('electron-native: no node-gyp found (neither in node_modules nor beside npm).');
      } else {
        ok = run(`building from source (node-gyp, headers from ${target.distUrl ?? ELECTRON_HEADERS_URL})`, [nodeGyp, ...nodeGypArgs(target)], pkgDir) && existsSync(built);
      }
    }
    if (!ok) fail(label);

    const abiFile = join(dirname(requireFromRoot.resolve('electron/package.json')), 'abi_version');
    const abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : undefined;
    const abis = declaredAbis(readFileSync(built));
    if (abi !== undefined && !abis.includes(abi)) {
      console.error(`electron-native: the binary declares ABI ${abis.join(', ') || 'none'}, Electron ${target.electronVersion} needs ${abi}.`);
      fail(label);
    }

    mkdirSync(outDir, { recursive: true });
    cpSync(built, `${outFile}.tmp`);
    renameSync(`${outFile}.tmp`, outFile);
    const stamp = { electronVersion: target.electronVersion, betterSqlite3Version: target.betterSqlite3Version, platform: target.platform, arch: target.arch, abi: abi ?? null };
    writeFileSync(join(outDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    console.log(`electron-native: ${label} → ${relative(root, outFile)}`);
    pruneStale(target.electronVersion);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function pruneStale(electronVersion: string): void {
  const base = join(root, '.native');
  if (!existsSync(base)) return;
  for (const name of staleDirs(readdirSync(base), electronVersion)) {
    rmSync(join(base, name), { recursive: true, force: true });
    console.log(`electron-native: removed .native/${name} (another Electron version)`);
  }
}

class NativeBuildFailed extends Error {}

function fail(label: string): never {
  throw new NativeBuildFailed(
    [
      '',
      `electron-native: could not get ${label}.`,
      '  1. prebuilt binary: prebuild-install downloads it from github.com/WiseLibs/better-sqlite3/releases;',
      `  2. build from source: node-gyp downloads Electron's headers from ${ELECTRON_HEADERS_URL}`,
      '     and needs Python 3, make and a C++20 compiler (Windows: Visual Studio Build Tools, "Desktop development with C++").',
      'Both need the internet. Check the messages above, then run `npm start` again (or `npx tsx scripts/electron-native.ts --force`).',
      'node_modules/better-sqlite3 (the Node build that the tests and the CLI use) was not changed.',
      '',
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    if (!(error instanceof NativeBuildFailed)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
