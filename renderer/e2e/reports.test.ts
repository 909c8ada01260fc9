/**
 * Reports for managers: the points liability and the member report, written by the real CSV
 * writer in a worker thread into the export folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../main/services/auth.js';
import { addFixtures, FIXTURE_PASSWORD } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { openMember } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

describeWithBrowser('reports', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        await addFixtures(ctx);
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a manager sees the points liability and exports the member report as CSV', async () => {
    const page = await openAs(harness, 'maja');
    await openSection(page, 'Rapporter');
    const total = page.getByTestId('liability-total');
    await total.waitFor();
    const expected = harness.desk.store.sqlite.prepare('SELECT sum(balance) FROM members').pluck().get() as number;
    expect((await total.textContent())?.replace(/\u00a0/g, ' ')).toContain(new Intl.NumberFormat('nb-NO').format(expected).replace(/\u00a0/g, ' '));

    await page.getByRole('button', { name: 'Last ned som CSV' }).click();
    const done = page.getByTestId('export-status').getByText(/^Ferdig:/);
    await done.waitFor({ timeout: 20_000 });
    const text = (await done.textContent()) ?? '';
    const path = /lagret i (.+\.csv)$/.exec(text)?.[1];
    expect(path).toBeDefined();
    const csv = readFileSync(path as string, 'utf8');
    const members = harness.desk.store.sqlite.prepare('SELECT count(*) FROM members').pluck().get() as number;
    expect(csv.trim().split('\r\n')).toHaveLength(members + 1);
    await harness.screenshot(page, 'reports-manager');
    expect(await seriousViolations(page)).toEqual([]);
    expectNoProblems(harness.problems);
  });

  it('B14: a manager saves a GDPR access copy from the member page', async () => {
    const page = await openAs(harness, 'maja');
    const name = harness.desk.store.sqlite.prepare("SELECT first_name || ' ' || last_name FROM members WHERE member_no = 100001").pluck().get() as string;
    await openMember(page, 100001, name);
    await page.getByRole('button', { name: 'Innsynskopi (GDPR)' }).click();
    // The toast names the files (the readable copy and the JSON), never a path (issue 15).
    const saved = page.getByText(/^Innsynskopien er laget: innsyn-100001-\S+\.html \(og innsyn-100001-\S+\.json\)$/);
    await saved.waitFor();
    const text = (await saved.textContent()) ?? '';
    expect(text).not.toContain('/');
    const file = /\(og (\S+\.json)\)/.exec(text)?.[1] ?? '';
    const dir = harness.desk.store.workers.exportDir ?? '';
    const copy = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { member: { member_no: number }; ledger: unknown[] };
    expect(copy.member.member_no).toBe(100001);
    expect(copy.ledger.length).toBeGreaterThan(0);
    await harness.screenshot(page, 'member-page-manager');
    // A manager reads but does not register anything for the caller.
    expect(await page.getByRole('button', { name: /Registrer innløsning/ }).count()).toBe(0);
  });

  it('a supervisor sees the liability but cannot export', async () => {
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Rapporter');
    await page.getByTestId('liability-total').waitFor();
    expect(await page.getByRole('button', { name: 'Last ned som CSV' }).count()).toBe(0);
  });
});
