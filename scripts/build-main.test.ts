import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../shared/contract.js';
import { channelNamesModule, mainOptions, preloadOptions, requiredModules, workerEntries } from './build-main.js';

const bundle = async (options: ReturnType<typeof mainOptions>): Promise<Map<string, string>> => {
  const result = await build({ ...options, write: false, sourcemap: false, legalComments: 'none', metafile: false, logLevel: 'silent' });
  return new Map(result.outputFiles.map((file) => [file.path.replace(/^.*[\\/]/, ''), file.text]));
};

describe('build-main', () => {
  it('bundles the preload with a frozen list of channel names: no zod, only electron', async () => {
    const files = await bundle(preloadOptions());
    const code = files.get('preload.cjs') ?? '';
    expect(requiredModules(code)).toEqual(['electron']);
    expect(code).not.toMatch(/zod/);
    for (const name of channelNames) expect(code).toContain(JSON.stringify(name));
  });

  it('bundles main as CJS that requires only electron and Node built-ins (ESM-only packages inside)', async () => {
    const files = await bundle(mainOptions());
    const main = files.get('main.cjs') ?? '';
    const required = requiredModules(main);
    expect(required).toContain('electron');
    // Node's own modules, with or without the node: prefix (csv-stringify's CJS build asks for 'stream').
    expect(required.filter((name) => name !== 'electron' && !name.startsWith('node:') && !builtinModules.includes(name))).toEqual([]);
    expect(main).not.toMatch(/require\(["'](temporal-polyfill|@faker-js\/faker|better-sqlite3|kysely|zod)["']\)/);
    expect(files.has('job-worker.cjs')).toBe(true);
  }, 30_000);

  it('turns main/workers files into entries', () => {
    expect(Object.keys(workerEntries(['job-worker.ts', 'job-worker.test.ts', 'types.d.ts', 'README.md']))).toEqual(['job-worker']);
  });

  it('writes a preload contract module that answers like the real one', () => {
    const code = channelNamesModule(['b.two', 'a.one']);
    expect(code).toContain('["a.one","b.two"]');
  });
});
