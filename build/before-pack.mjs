// electron-builder `beforePack` hook: refuse to package a better-sqlite3 built for another
// Electron, platform or architecture. scripts/electron-native.ts builds for this machine only
// (a native module cannot be cross-built here), so package each platform on that platform.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** electron-builder's Arch enum, in order. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default function beforePack(context) {
  const projectDir = context.packager.info.projectDir;
  const electronVersion = JSON.parse(readFileSync(join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const dir = join(projectDir, '.native', `electron-${electronVersion}`);
  const stampFile = join(dir, 'build-info.json');
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  if (!existsSync(join(dir, 'better_sqlite3.node')) || !existsSync(stampFile)) {
    throw new Error(`before-pack: ${dir}/better_sqlite3.node is missing; run \`npm run dist\` (it runs scripts/electron-native.ts first).`);
  }
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  const builtArch = stamp.arch === 'arm' ? 'armv7l' : stamp.arch;
  if (stamp.electronVersion !== electronVersion || stamp.platform !== platform || builtArch !== arch) {
    throw new Error(
      `before-pack: .native has better-sqlite3 for Electron ${stamp.electronVersion} ${stamp.platform}-${stamp.arch}, ` +
        `but this package is Electron ${electronVersion} ${platform}-${arch}. Package on a ${platform}-${arch} machine ` +
        `(or run \`npx tsx scripts/electron-native.ts --force --arch=${arch}\` where that cross-build works).`,
    );
  }
}
