import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who owns a claim on the store (B6: one monthly run at a time, see main/services/run-claims.ts).
 *
 * SQLite-specific: the store is a file on this machine, so every writer is a process on some
 * host, and a claim left behind by a process that died (SIGKILL, power cut) can be recognised by
 * asking whether that pid still lives here. A server database would tie the claim to its session
 * (an advisory lock) instead, and this file would have no counterpart.
 */
export interface ProcessOwner {
  readonly pid: number;
  readonly host: string;
}

export function thisProcess(): ProcessOwner {
  return { pid: process.pid, host: hostname() };
}

/**
 * True only when we can tell for sure that the owner is gone: it ran on this host and its pid is
 * no longer a live process (a zombie, killed but not yet reaped, counts as gone). An owner on
 * another host, or one we may not signal, is not known to be gone: its heartbeat decides.
 */
export function ownerIsGone(owner: ProcessOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // ESRCH: no such process. EPERM: it exists but belongs to another user, so it lives.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return isZombie(owner.pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces or parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    // Not Linux, or it went away just now: kill(0) said it lived, so trust that.
    return false;
  }
}
