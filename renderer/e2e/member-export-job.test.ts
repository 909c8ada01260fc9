/**
 * Issue 15, "Exports": a manager exports the member report as a job in the worker — a progress
 * bar with "N av M rader" and a Cancel button; a cancelled export leaves no file; a finished one
 * says the file is ready in the export folder by its name, never a path. Screenshot 1366×768; axe clean.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../main/services/auth.js';
import { seedDemo } from '../../main/services/seed/index.js';
import { FIXTURE_PASSWORD } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { windowShot } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

/**
 * Enough members that an XLSX export runs for several seconds (plain rows, straight into the
 * table: 400,000 take ~7 s in the worker at 60,000 rows/s, more on a loaded machine), so the
 * Cancel pressed right after the first progress is always in time.
 */
const EXTRA = 400_000;

describeWithBrowser('the member report’s export as a job (issue 15)', () => {
  let harness: Harness;
  let exportDir = '';

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ desk, ctx }) => {
        await seedDemo(ctx, { members: 60, seed: 15, parallel: false });
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
        desk.store.sqlite
          .prepare(
            `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
             INSERT INTO members (member_no, first_name, last_name, email, postcode, city, enrolled_on, created_at)
             SELECT 8000000 + i, 'Åse', 'Ødegård ' || i, 'aase' || i || '@example.no', '0150', 'Tromsø', '2025-01-01', '2025-01-01T00:00:00Z' FROM n`,
          )
          .run(EXTRA);
        exportDir = desk.store.workers.exportDir ?? '';
      },
    });
  }, 180_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the rows written of the total with a Cancel button; a cancelled export leaves no file; a finished one names the file, not a path', async () => {
    const page = await openAs(harness, 'maja');
    await page.setViewportSize({ width: 1366, height: 768 });
    await openSection(page, 'Rapporter');
    const reports = page.getByTestId('manager-reports');
    await reports.getByRole('tab', { name: 'Medlemmer' }).click();
    await reports.getByTestId('member-report').locator('tbody tr').first().waitFor();

    // XLSX of every member: the bar moves through "N av M rader" until it is cancelled.
    await reports.getByRole('button', { name: 'Eksporter som XLSX' }).click();
    const progress = reports.getByTestId('report-export-progress');
    await progress.getByText(/^[1-9][\d\u00a0]* av 400\u00a0\d{3} rader$/).waitFor({ timeout: 30_000 });
    await windowShot(page, 'member-export-progress');
    await reports.getByRole('button', { name: 'Avbryt eksporten' }).click();
    await reports.getByText('Eksporten ble avbrutt. Ingen fil ble lagret.').waitFor({ timeout: 30_000 });
    // Nothing left: neither the file nor its hidden temporary name.
    expect(existsSync(exportDir) ? readdirSync(exportDir) : []).toEqual([]);
    await windowShot(page, 'member-export-cancelled');
    expect(await seriousViolations(page, '[data-testid="manager-reports"]')).toEqual([]);

    // CSV of the members with points: it finishes; the message names the file in the export folder.
    await reports.getByLabel('Saldo fra').fill('1');
    await reports.getByLabel('Saldo fra').press('Enter');
    await reports.getByTestId('member-report-count').getByText(/^\d[\d\u00a0]* medlem(mer)?$/).waitFor();
    await reports.getByRole('button', { name: 'Eksporter som CSV' }).click();
    const ready = reports.getByTestId('report-export-status').getByText(/^Filen medlemmer-[\w-]+\.csv er klar i eksportmappen \(\d+ rader\)\.$/);
    await ready.waitFor({ timeout: 30_000 });
    const text = await ready.innerText();
    expect(text).not.toContain('/');
    expect(text).not.toContain(exportDir);
    const name = /Filen (\S+) er klar/.exec(text)?.[1] ?? '';
    expect(readdirSync(exportDir)).toEqual([name]);
    expect(existsSync(join(exportDir, name))).toBe(true);
    await windowShot(page, 'member-export-ready');
    expect(await seriousViolations(page, '[data-testid="manager-reports"]')).toEqual([]);
    expectNoProblems(harness.problems);
  });
});
