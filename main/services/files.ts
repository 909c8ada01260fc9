import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ownerIsGone } from '../db/process-owner.js';

/**
 * Files are whole or absent (issue 10). A file the desk hands to a person (the member report,
 * the GDPR access copy) is written under a temporary name in the same folder,
 * `.<name>.partial-<pid>-<random>`, flushed to disk (fsync) and only then renamed to its final
 * name; a rename within one folder is atomic, so a reader, or a desk killed half-way, never sees
 * a half-written file under the final name. On an error the temporary file is removed.
 *
 * A process killed mid-write (SIGKILL, power cut) cannot remove its temporary file. The next write
 * into the same folder removes such leftovers: a temporary file is stale when the process named
 * in it no longer lives on this host, or when nothing has written to it for STALE_PARTIAL_MS (a
 * worker thread stopped inside a live desk). Leftovers are dot-files, hidden from the user's file
 * browser on Linux and macOS, and never carry the final name.
 */

export const STALE_PARTIAL_MS = 60 * 60 * 1000;

const PARTIAL = /^\.(.+)\.partial-(\d+)-[0-9a-f]+$/;

/** The temporary name for `name` (a file name, not a path), unique to this process and call. */
export function partialName(name: string): string {
  return `.${name}.partial-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** True for a temporary file of writeWhole (whichever process wrote it). */
export function isPartial(name: string): boolean {
  return PARTIAL.test(name);
}

/**
 * File times are wall-clock time, so staleness is measured on the wall clock, not the desk's
 * clock (which tests and the CLI's --now may fix); as the run claim's heartbeat does.
 */
const wallClockMs = (): number => new Date().getTime();

/** Removes the stale temporary files in `dir` (see above); returns the names removed. */
export function removeStalePartials(dir: string, now: number = wallClockMs()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = PARTIAL.exec(name);
    if (match === null) continue;
    const path = join(dir, name);
    try {
      const quiet = now - statSync(path).mtimeMs > STALE_PARTIAL_MS;
      if (quiet || ownerIsGone({ pid: Number(match[2]), host: hostname() })) {
        rmSync(path, { force: true });
        removed.push(name);
      }
    } catch {
      // Gone already (its writer renamed or removed it), or not ours to remove: leave it.
    }
  }
  return removed;
}

/**
 * Writes `path` whole or not at all. `write` gets the temporary file as a stream and writes
 * everything into it (it may end the stream itself, e.g. through `pipeline`; otherwise it is ended
 * here). Returns the bytes written.
 */
export async function writeWhole(path: string, write: (out: Writable) => Promise<void>): Promise<{ path: string; bytes: number }> {
  const dir = dirname(path);
  removeStalePartials(dir);
  const temp = join(dir, partialName(basename(path)));
  const out = createWriteStream(temp, { flags: 'wx' });
  // An error of the file (a full disk) may come while the writer awaits something else: keep it
  // here rather than let an unheard 'error' event take the process down.
  let failure: unknown = null;
  out.on('error', (error) => {
    failure ??= error;
  });
  try {
    await write(out);
    if (failure !== null) throw failure;
    if (!out.writableEnded) out.end();
    await finished(out);
    if (failure !== null) throw failure;
    await syncFile(temp);
    await rename(temp, path);
    await syncDir(dir);
    return { path, bytes: out.bytesWritten };
  } catch (error) {
    await closed(out);
    await rm(temp, { force: true });
    throw error;
  }
}

/** writeWhole for content already in memory (the JSON access copy). */
export async function writeWholeFile(path: string, data: string | Uint8Array): Promise<{ path: string; bytes: number }> {
  return await writeWhole(path, async (out) => {
    out.end(data);
    await finished(out);
  });
}

function closed(out: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (out.closed) {
      resolve();
      return;
    }
    out.once('close', () => resolve());
    out.destroy();
  });
}

/** fsync the file's data before the rename makes it visible (else a power cut may leave it empty). */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync the folder so the rename itself survives a power cut (POSIX; Windows cannot open a folder). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported here: the file is complete and renamed; only its name may be lost to a power cut.
  }
}
