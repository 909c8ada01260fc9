import { writeSync } from 'node:fs';
import { backupDatabase } from '../db/backup.js';
import { openDatabase } from '../db/open.js';

/**
 * For main/db/backup.processes.test.ts: a process that starts a daily backup of a desk file and
 * stops in the middle of the copy, so the test can kill it (SIGKILL) at a known point without
 * timing. Once half the pages are copied (others remain), it prints "copying" and blocks
 * its thread (the copy cannot go on) until it is killed; it gives up after two minutes.
 *
 *   node --import tsx main/testing/backup-child.ts <db file> <backup dir> <now>
 */

const [file, dir, now] = process.argv.slice(2);
if (file === undefined || dir === undefined || now === undefined) {
  process.stderr.write('usage: backup-child.ts <db file> <backup dir> <now>\n');
  process.exit(2);
}
const db = openDatabase({ file });
let said = false;
await backupDatabase(db, dir, 'daily', new Date(now), {
  onProgress: (copied, total) => {
    // Half-way: more than SQLite's page cache has gone to the copy, so part of it is on disk.
    if (said || copied * 2 < total || copied >= total) return;
    said = true;
    writeSync(1, 'copying\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  },
});
writeSync(1, 'finished\n');
db.sqlite.close();
