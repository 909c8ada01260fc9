import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt from node:crypto (Argon2 is not in Node 20). OWASP's minimum for scrypt is
 * N=2^17, r=8, p=1: ~0.4 s a hash on this 2-core machine — slow enough to make a stolen file
 * expensive to crack, fast enough for a sign-in. It needs ~128 MiB, hence `maxmem`.
 * The parameters are stored with the hash so a later cost change keeps old hashes valid.
 */
export const PRODUCTION_N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export function hashPassword(password: string, N: number = PRODUCTION_N): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || n === undefined || r === undefined || p === undefined || salt === undefined || key === undefined) {
    return false;
  }
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** scrypt on libuv's thread pool: the desk server's thread answers other agents meanwhile (issue 11). */
function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

/** hashPassword off the calling thread. */
export async function hashPasswordAsync(password: string, N: number = PRODUCTION_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** verifyPassword off the calling thread (a sign-in on the desk server blocked it ~0.4 s). */
export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || n === undefined || r === undefined || p === undefined || salt === undefined || key === undefined) {
    return false;
  }
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const dummies = new Map<number, string>();

/**
 * Compared against when the user does not exist, so an unknown username costs what a wrong
 * password costs: a hash of the same cost N as the desk's own (made once per N, at first use or
 * when the router starts), never a cheaper one.
 */
export function dummyHash(N: number = PRODUCTION_N): string {
  let hash = dummies.get(N);
  if (hash === undefined) {
    hash = hashPassword(randomBytes(12).toString('base64'), N);
    dummies.set(N, hash);
  }
  return hash;
}
