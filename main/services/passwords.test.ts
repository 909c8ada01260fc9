import { describe, expect, it } from 'vitest';
import { hashPassword, hashPasswordAsync, verifyPassword, verifyPasswordAsync } from './passwords.js';

/** A small N keeps the test quick; the production cost is the same code with N = 2^17. */
const N = 2 ** 10;

describe('passwords', () => {
  it('checks a password off the thread: the same hashes as the synchronous hash, wrong ones refused', async () => {
    const stored = hashPassword('Sommer-2026!', N);
    await expect(verifyPasswordAsync('Sommer-2026!', stored)).resolves.toBe(true);
    await expect(verifyPasswordAsync('sommer-2026!', stored)).resolves.toBe(false);
    const made = await hashPasswordAsync('Vinter-2027?', N);
    expect(verifyPassword('Vinter-2027?', made)).toBe(true);
    expect(verifyPassword('Vinter-2027', made)).toBe(false);
    await expect(verifyPasswordAsync('x', 'bcrypt$whatever')).resolves.toBe(false);
  });

  it('lets the event loop turn while a production-cost hash is checked (a sign-in does not stall the server)', async () => {
    const stored = hashPassword('Sommer-2026!');
    const order: string[] = [];
    setImmediate(() => order.push('the thread turned'));
    const verdict = verifyPasswordAsync('Sommer-2026!', stored).then((good) => {
      order.push('checked');
      return good;
    });
    // Synchronous scrypt inside an async function would finish (and resolve) before any immediate ran.
    await expect(verdict).resolves.toBe(true);
    expect(order).toEqual(['the thread turned', 'checked']);
  });
});
