import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { channelNames } from '../shared/contract.js';

/**
 * `npm run build:main`: bundles the Electron main process and the preload into dist/main.
 *
 * - main.cjs (platform node, CJS): everything but `electron` goes in, better-sqlite3's JavaScript
 *   too; its native part is loaded from the path main.ts passes as `nativeBinding`
 *   (scripts/electron-native.ts builds it). ESM-only packages (temporal-polyfill, faker) are
 *   bundled, so the CJS output never `require`s them. The packaged app needs no node_modules.
 * - <name>.cjs for each main/workers/<name>.ts: worker threads for long work (main.ts passes the
 *   path as `workerScript`), bundled the same way.
 * - preload.cjs (sandboxed: it may only require `electron`, `events`, `timers`, `url`): CJS for
 *   the browser platform, so a stray Node import fails the build. The contract is swapped for a
 *   frozen list of channel names, so neither zod nor the schemas go into the preload.
 *
 * The package is "type": "module", hence the .cjs names.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'main');
const contractFile = join(root, 'shared', 'contract.ts');

/** Electron 45 bundles a newer Node and Chromium than these targets; the targets are the floor the bundles are built for. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome130';

/** The preload's view of shared/contract.ts: the names, and the guard over them. */
export function channelNamesModule(names: readonly string[]): string {
  return [
    `const names = new Set(${JSON.stringify([...names].sort())});`,
    'export const channelNames = [...names];',
    "export function isChannelName(name) { return typeof name === 'string' && names.has(name); }",
    '',
  ].join('\n');
}

/** Replaces shared/contract.ts, wherever it is imported from, by `channelNamesModule`. */
export function frozenContractPlugin(names: readonly string[]): Plugin {
  return {
    name: 'frozen-contract',
    setup(b) {
      b.onResolve({ filter: /(^|\/)contract(\.js|\.ts)?$/ }, (args) => {
        const target = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        return target === contractFile ? { path: 'channel-names', namespace: 'frozen-contract' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'frozen-contract' }, () => ({ contents: channelNamesModule(names), loader: 'js' }));
    },
  };
}

/** CJS has no import.meta: give code that asks for import.meta.url the bundle's own URL. */
const importMetaUrl: Pick<BuildOptions, 'define' | 'banner'> = {
  define: { 'import.meta.url': '__bundle_url' },
  banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
};

/** main/workers/<name>.ts → <name>.cjs beside main.cjs. */
export function workerEntries(files: readonly string[]): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const file of files) {
    if (file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts')) {
      entries[file.slice(0, -'.ts'.length)] = join(root, 'main', 'workers', file);
    }
  }
  return entries;
}

function listWorkers(): string[] {
  try {
    return readdirSync(join(root, 'main', 'workers'));
  } catch {
    return [];
  }
}

export function mainOptions(): BuildOptions {
  return {
    entryPoints: { main: join(root, 'main', 'app', 'main.ts'), ...workerEntries(listWorkers()) },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: ['electron'],
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
    ...importMetaUrl,
  };
}

export function preloadOptions(): BuildOptions {
  return {
    entryPoints: { preload: join(root, 'main', 'app', 'preload.ts') },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    sourcemap: false,
    logLevel: 'warning',
    metafile: true,
    plugins: [frozenContractPlugin(channelNames)],
  };
}

/** Modules a bundle may still `require` at run time. */
const ALLOWED_REQUIRES: Record<'main' | 'preload', (name: string) => boolean> = {
  main: (name) => name === 'electron' || name.startsWith('node:') || isNodeBuiltin(name),
  preload: (name) => name === 'electron',
};

function isNodeBuiltin(name: string): boolean {
  return ['fs', 'path', 'url', 'os', 'crypto', 'util', 'events', 'stream', 'worker_threads', 'child_process', 'zlib', 'buffer', 'assert', 'tty', 'module'].includes(
    name.split('/')[0] ?? name,
  );
}

/** The string literals the bundle passes to require(…). */
export function requiredModules(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? ''))].sort();
}

async function main(): Promise<void> {
  const started = performance.now();
  const results = await Promise.all([build(mainOptions()), build(preloadOptions())]);
  const problems: string[] = [];
  const outputs: ['main' | 'preload', string][] = [
    ['main', join(outDir, 'main.cjs')],
    ...Object.keys(workerEntries(listWorkers())).map((name): ['main', string] => ['main', join(outDir, `${name}.cjs`)]),
    ['preload', join(outDir, 'preload.cjs')],
  ];
  for (const [kind, file] of outputs) {
    const code = readFileSync(file, 'utf8');
    const bad = requiredModules(code).filter((name) => !ALLOWED_REQUIRES[kind](name));
    if (bad.length > 0) problems.push(`${relative(root, file)} requires ${bad.join(', ')} at run time`);
    if (kind === 'preload' && /\bzod\b/.test(code.replace(/\/\/# sourceMappingURL=.*$/m, ''))) {
      problems.push(`${relative(root, file)} contains zod: the frozen contract was not applied`);
    }
  }
  for (const result of results) {
    for (const [file, output] of Object.entries(result.metafile?.outputs ?? {})) {
      if (file.endsWith('.cjs')) console.log(`  ${file}  ${(output.bytes / 1024).toFixed(0)} KiB`);
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`build:main: ${problem}`);
    process.exit(1);
  }
  console.log(`build:main: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
