import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The app's own small choices on this machine, in `<userData>/settings.json` (paths.ts): today
 * only the desk server this desk connects to (issue 11), chosen on the first-start screen. Not
 * a desk's data (that is in the store), so it lives beside the database, not in it.
 */
export interface AppSettings {
  /** The centre's desk server, as parseServerAddress gave it; absent for the embedded desk. */
  server?: string;
}

/** The settings, or none when the file is missing; a file that cannot be read is reported and ignored. */
export function readAppSettings(file: string, onProblem?: (message: string) => void): AppSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) onProblem?.(`could not read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    onProblem?.(`${file} is not JSON; it is ignored`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const settings: AppSettings = {};
  if ('server' in parsed && typeof parsed.server === 'string') settings.server = parsed.server;
  return settings;
}

/**
 * Writes the settings whole or not at all: a temporary name beside the file, flushed to disk,
 * then renamed over it, so a crash leaves the old file or the new one, never half of one.
 */
export function writeAppSettings(file: string, settings: AppSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const text = `${JSON.stringify(settings, null, 2)}\n`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
