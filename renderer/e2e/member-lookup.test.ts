import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoPassword, seedDemoDesk } from './demo.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, norwegianPoints, signIn, textOf, waitForShell } from './steps.js';

interface Target {
  id: number;
  firstName: string;
  lastName: string;
  balance: number;
  query: string;
  /** Where the member stands in the answer to `query`. */
  index: number;
}

async function resultIds(page: Page): Promise<number[]> {
  return page.$$eval('[role=option][data-member-id]', (rows) => rows.map((r) => Number(r.getAttribute('data-member-id'))));
}

/**
 * A seeded member with a balance in the thousands, and part of their surname that finds them
 * near the top of the list (asked through the desk itself, so the test follows the search rules).
 */
async function pickTarget(harness: Harness): Promise<Target> {
  const rows = harness.desk.store.sqlite
    .prepare<[], Omit<Target, 'query' | 'index'>>(
      `SELECT id, first_name AS firstName, last_name AS lastName, balance FROM members
       WHERE balance >= 1000 AND state = 'active' AND length(last_name) >= 5 ORDER BY balance DESC LIMIT 40`,
    )
    .all();
  const agent = harness.desk.connect();
  await agent.call('auth.login', { username: 'agent', password: demoPassword('agent') });
  for (const row of rows) {
    const query = row.lastName.slice(0, row.lastName.length - 1).toLowerCase();
    const { items } = await agent.call('members.search', { query, limit: 25 });
    const index = items.findIndex((m) => m.id === row.id);
    if (index >= 1 && index <= 8) return { ...row, query, index };
  }
  const first = rows[0];
  if (first === undefined) throw new Error('the seeder made no member with a balance of 1 000 or more');
  return { ...first, query: `${first.firstName} ${first.lastName}`.toLowerCase(), index: 0 };
}

describeWithBrowser('member lookup on the demo desk (the seeder)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ setup: ({ ctx }) => seedDemoDesk(ctx, 500, 7) });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('an agent finds a member by part of the surname with the keyboard and sees the balance in nb-NO', async () => {
    const target = await pickTarget(harness);
    const page = await harness.openApp();
    await signIn(page, 'agent', demoPassword('agent'));
    await waitForShell(page);

    await page.keyboard.press('Control+k');
    await page.keyboard.type(target.query, { delay: 20 });
    await expect.poll(async () => (await resultIds(page)).indexOf(target.id), { timeout: 5_000 }).toBe(target.index);
    for (let step = 0; step < target.index; step++) await page.keyboard.press('ArrowDown');
    const field = page.getByRole('combobox', { name: 'Søk etter medlem' });
    expect(await field.getAttribute('aria-activedescendant')).toBe(`member-option-${target.id}`);
    await harness.screenshot(page, 'search');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: `${target.firstName} ${target.lastName}` }).waitFor();
    const balance = await textOf(page, 'member-balance');
    expect(balance).toBe(norwegianPoints(target.balance));
    expect(balance).toContain('\u00a0');
    await harness.screenshot(page, 'member');
    expectNoProblems(harness.problems);
  });
});
