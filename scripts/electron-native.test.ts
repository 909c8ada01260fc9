import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builderEnv, declaredAbis, decide, findNodeGyp, nativeDir, nodeGypArgs, prebuildArgs, staleDirs, type NativeTarget } from './electron-native.js';

const target: NativeTarget = { electronVersion: '42.11.18', betterSqlite3Version: '12.11.1', platform: 'linux', arch: 'x64' };

describe('electron-native', () => {
  it('builds into .native/electron-<version>', () => {
    expect(nativeDir('/work/main', '42.11.18')).toBe(join('/work/main', '.native', 'electron-42.11.18'));
  });

  it('builds only when the binary is missing or was made for something else', () => {
    expect(decide({ binaryExists: false, stamp: undefined }, target)).toEqual({ build: true, reason: 'missing' });
    expect(decide({ binaryExists: true, stamp: { ...target } }, target)).toEqual({ build: false, reason: 'up to date' });
    expect(decide({ binaryExists: true, stamp: { ...target } }, target, true).build).toBe(true);
    expect(decide({ binaryExists: true, stamp: undefined }, target).build).toBe(true);
    expect(decide({ binaryExists: true, stamp: { ...target, betterSqlite3Version: '12.10.0' } }, target)).toMatchObject({ build: true, reason: expect.stringContaining('betterSqlite3Version') });
    expect(decide({ binaryExists: true, stamp: { ...target, arch: 'arm64' } }, target).build).toBe(true);
  });

  it('removes the builds for other Electron versions only', () => {
    expect(staleDirs(['electron-41.0.0', 'electron-42.11.18', 'notes.txt'], '42.11.18')).toEqual(['electron-41.0.0']);
  });

  it("keeps npm's settings that would point node-gyp at Node's headers away from the builders", () => {
    const env = builderEnv({ PATH: '/bin', npm_config_nodedir: '/usr', npm_config_target: '20.20.2', npm_config_runtime: 'node', npm_config_https_proxy: 'http://proxy:3128', npm_package_name: 'bonus-desk', HOME: '/root' });
    expect(env).toEqual({ PATH: '/bin', npm_config_https_proxy: 'http://proxy:3128', HOME: '/root' });
  });

  it('asks for Electron headers and runtime', () => {
    expect(nodeGypArgs(target)).toEqual(expect.arrayContaining(['rebuild', '--release', '--target=42.11.18', '--dist-url=https://electronjs.org/headers', '--arch=x64']));
    expect(nodeGypArgs({ ...target, distUrl: 'https://mirror/headers' })).toContain('--dist-url=https://mirror/headers');
    expect(prebuildArgs(target)).toEqual(expect.arrayContaining(['--runtime=electron', '--target=42.11.18', '--arch=x64', '--platform=linux']));
  });

  it("reads the ABI an add-on was built for (Node's own build here)", () => {
    const binary = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    expect(declaredAbis(readFileSync(binary))).toEqual([process.versions.modules]);
    expect(declaredAbis(new TextEncoder().encode('…node_register_module_v146…'))).toEqual(['146']);
  });

  it("finds node-gyp in the project, else beside npm", () => {
    const inProject = join('/p', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    expect(findNodeGyp('/p', {}, (path) => path === inProject)).toBe(inProject);
    const besideNpm = join('/usr/lib/node_modules/npm/bin', '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    expect(findNodeGyp('/p', { npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' }, (path) => path === besideNpm)).toBe(besideNpm);
    expect(findNodeGyp('/p', {}, () => false)).toBeUndefined();
  });
});
