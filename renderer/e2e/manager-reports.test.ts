/**
 * Issue 15: a manager opens Rapporter and reads each report — the points liability (B5/B11),
 * monthly activity, redemptions (B7/B7a), corrections (B11) and the member report — sees a chart
 * where the report has one and a table, in nb-NO (thousands with a no-break space, dd.mm.åååå),
 * and exports one as CSV into the export folder. Screenshots at 1366×768; axe clean.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../main/services/auth.js';
import { seedDemo } from '../../main/services/seed/index.js';
import { FIXTURE_PASSWORD } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { fitsWidth, windowShot } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

describeWithBrowser('managers’ reports (issue 15)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        await seedDemo(ctx, { members: 400, seed: 15, parallel: false });
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
      },
    });
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('a manager reads each report with a chart and a table, and exports one as CSV', async () => {
    const page = await openAs(harness, 'maja');
    await page.setViewportSize({ width: 1366, height: 768 });
    await openSection(page, 'Rapporter');
    const reports = page.getByTestId('manager-reports');
    await reports.getByTestId('liability-summary').waitFor();
    const summary = await reports.getByTestId('liability-summary').innerText();
    // nb-NO: thousands with a no-break space.
    expect(summary).toMatch(/Utestående\s+\d{1,3}(\u00a0\d{3})+/);
    await expect(reports.getByTestId('report-chart').count()).resolves.toBe(2);
    expect(await reports.getByRole('heading', { name: /^Poengforpliktelse per 21\.11\.2026$/ }).count()).toBe(1);
    await fitsWidth(page);
    await windowShot(page, 'manager-reports-liability');
    expect(await seriousViolations(page, '[data-testid="manager-reports"]')).toEqual([]);

    await reports.getByRole('tab', { name: 'Aktivitet' }).click();
    await reports.getByTestId('activity-table').waitFor();
    await reports.getByTestId('report-chart').waitFor();
    expect(await reports.getByTestId('activity-table').locator('tbody tr').count()).toBe(12);
    await windowShot(page, 'manager-reports-activity');
    expect(await seriousViolations(page, '[data-testid="manager-reports"]')).toEqual([]);
    await reports.getByRole('button', { name: 'Eksporter som CSV' }).click();
    const done = reports.getByTestId('report-export-status').getByText(/^Ferdig: 12 rader lagret i /);
    await done.waitFor();
    const path = (await done.innerText()).replace(/^Ferdig: 12 rader lagret i /, '').trim();
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8').split('\r\n')[0]).toBe('\ufeffMåned;Opptjent;Innløst;Tilbakeført;Utløpt;Kuttet;Slettet;Fortapt;Holdt tilbake;Frigitt;Korrigert;Netto;Posteringer');

    await reports.getByRole('tab', { name: 'Innløsninger' }).click();
    await reports.getByTestId('redemptions-table').waitFor();
    await reports.getByTestId('report-chart').waitFor();
    await windowShot(page, 'manager-reports-redemptions');
    expect(await seriousViolations(page, '[data-testid="manager-reports"]')).toEqual([]);

    await reports.getByRole('tab', { name: 'Korrigeringer' }).click();
    await reports.getByTestId('corrections-report').waitFor();
    await reports.getByText(/^\d+ korrigering(er)?$/).waitFor();
    await windowShot(page, 'manager-reports-corrections');
    expect(await seriousViolations(page, '[data-testid="manager-reports"]')).toEqual([]);

    await reports.getByRole('tab', { name: 'Medlemmer' }).click();
    await reports.getByTestId('member-report').locator('tbody tr').first().waitFor();
    await reports.getByLabel('Saldo fra').fill('5000');
    await reports.getByLabel('Saldo fra').press('Enter');
    await reports.getByTestId('member-report-count').getByText(/^\d[\d\u00a0]* medlem(mer)?$/).waitFor();
    await windowShot(page, 'manager-reports-members');
    expect(await seriousViolations(page, '[data-testid="manager-reports"]')).toEqual([]);
    expectNoProblems(harness.problems);
  });
});
