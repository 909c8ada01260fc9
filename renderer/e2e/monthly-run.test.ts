/**
 * B6 and B12 at the desk: the supervisor previews a month, runs it (in a worker thread, with a
 * progress bar polled from jobs.status), sees the totals per kind, and records the service
 * emails as sent. Refusals (a month not over, a skipped month) are translated with their details.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importEarnings } from '../../main/services/earnings.js';
import { addEarningTable, addFixtures, addMemberEndingSoon } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection } from './launch-helpers.js';
import { expectNoProblems, norwegianPoints, waitForShell } from './steps.js';

describeWithBrowser('monthly run (B6, B12)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        await addFixtures(ctx);
        addEarningTable(ctx);
        await addMemberEndingSoon(ctx);
        // Delivered in October: 2 × 250 for Bjørn, 5 × 40 for Kari.
        await importEarnings(ctx, { fileName: 'oktober.csv', content: '100001;KASSE-M;2;2026-10-05\n100002;TILLEGG;5;15.10.2026\n' });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('previews, runs with a progress bar, shows the totals, and lists the service email to send', async () => {
    harness.clock.set('2026-12-02T09:00:00Z');
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Månedskjøring');
    expect(await page.getByTestId('run-next').textContent()).toBe('Neste måned som kan kjøres: november 2026, fra 01.12.2026.');
    // The month before today's is offered first.
    expect(await page.getByRole('combobox', { name: 'Måned' }).textContent()).toBe('november 2026');

    // A month that has not ended: refused with the day it may be run.
    await page.getByRole('combobox', { name: 'Måned' }).click();
    await page.getByRole('option', { name: 'desember 2026' }).click();
    await page.getByRole('button', { name: 'Forhåndsvis' }).click();
    expect(await page.getByTestId('run-error').textContent()).toBe('Den måneden er ikke over ennå. Den kan kjøres fra 01.01.2027.');

    await page.getByRole('combobox', { name: 'Måned' }).click();
    await page.getByRole('option', { name: 'november 2026' }).click();
    await page.getByRole('button', { name: 'Forhåndsvis' }).click();
    const preview = page.getByTestId('run-preview');
    await preview.waitFor();
    expect(await preview.getByRole('heading', { level: 2 }).textContent()).toBe('Forhåndsvisning for november 2026');
    expect(await page.getByTestId('preview-totals-earned').textContent()).toContain(`${norwegianPoints(700)} poeng`);
    // B9: Øyvind's 25 000 capped to 10 000 on 29.11.2026; B5: Astrid's 2023 lot expired.
    expect(await page.getByTestId('preview-totals-capped').textContent()).toContain(`${norwegianPoints(15_000)} poeng`);
    expect(await page.getByTestId('preview-totals-expired').textContent()).toContain(`${norwegianPoints(5_000)} poeng`);
    expect(await page.getByTestId('preview-totals-emails').textContent()).toContain('1 e-post');
    const kinds = await preview.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[2]?.textContent));
    expect(kinds.sort()).toEqual(['Nedsatt', 'Opptjent', 'Opptjent', 'Utløpt']);
    await harness.screenshot(page, 'monthly-run-preview');

    // Run: the worker starts and the page polls its progress (answers slowed, so the bar is seen).
    harness.setLatency((channel) => (channel === 'jobs.status' ? 1_500 : 0));
    await page.getByRole('button', { name: 'Kjør', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Kjør november 2026?' });
    await confirm.getByRole('button', { name: 'Kjør nå' }).click();
    const progress = page.getByTestId('run-progress');
    // A role query also waits for the confirmation dialog to close (the page behind it is aria-hidden till then).
    await progress.getByRole('progressbar', { name: 'Kjører november 2026' }).waitFor();
    await harness.screenshot(page, 'monthly-run-progress');
    harness.setLatency(null);

    const result = page.getByTestId('run-result');
    await result.waitFor({ timeout: 90_000 }); // the run starts a worker thread (tsx from sources): generous on a loaded machine
    expect(await result.getByRole('status').textContent()).toBe('Kjøringen for november 2026 er ferdig');
    expect(await page.getByTestId('run-totals-earned').textContent()).toContain(`${norwegianPoints(700)} poeng2 føringer2 fillinjer`);
    expect(await page.getByTestId('run-totals-capped').textContent()).toContain(`${norwegianPoints(15_000)} poeng1 føring`);
    expect(await page.getByTestId('run-totals-expired').textContent()).toContain(`${norwegianPoints(5_000)} poeng`);
    expect(await page.getByTestId('run-totals-deleted').textContent()).toContain('0 poeng');
    expect(await page.getByTestId('run-totals-emails').textContent()).toContain('1 e-post');
    await page.getByTestId('run-next').filter({ hasText: 'Neste måned som kan kjøres: desember 2026, fra 01.01.2027.' }).waitFor();
    const history = page.getByTestId('run-history');
    expect(await history.locator('tbody tr').first().textContent()).toContain('november 2026Ferdig');
    expect(await history.textContent()).toContain('Sara Svendsen');

    // B12: the service email with its text, then recorded as sent.
    const emails = page.getByTestId('service-emails');
    expect(await emails.textContent()).toContain('Astrid Ødegård');
    expect(await emails.textContent()).toContain('15.11.2026');
    expect(await emails.textContent()).toContain('15.12.2026');
    await emails.getByRole('button', { name: 'Vis e-post til Astrid Ødegård' }).click();
    expect(await emails.locator('#service-email-1').textContent()).toContain('Astrid');
    await harness.screenshot(page, 'monthly-run-result');
    await emails.getByRole('button', { name: 'Merk som sendt: e-post til Astrid Ødegård' }).click();
    await emails.getByText('Ingen serviceeposter venter.').waitFor();

    // Two months on: January before December is refused and names the month to run first.
    harness.clock.set('2027-02-03T09:00:00Z');
    await page.reload();
    await waitForShell(page);
    await openSection(page, 'Månedskjøring');
    await page.getByRole('combobox', { name: 'Måned' }).filter({ hasText: 'desember 2026' }).waitFor();
    await page.getByRole('combobox', { name: 'Måned' }).click();
    await page.getByRole('option', { name: 'januar 2027' }).click();
    await page.getByRole('button', { name: 'Kjør', exact: true }).click();
    await page.getByRole('dialog', { name: 'Kjør januar 2027?' }).getByRole('button', { name: 'Kjør nå' }).click();
    await page.getByTestId('run-error').waitFor();
    expect(await page.getByTestId('run-error').textContent()).toBe('Tidligere måneder må kjøres først. Kjør desember 2026 først.');
    expectNoProblems(harness.problems);
  });

  it('an agent cannot preview or run: the monthly run is not in an agent\'s menu at all (issue 12, menus per role)', async () => {
    const page = await openAs(harness, 'agent');
    const menu = page.getByRole('navigation', { name: 'Hovedmeny' });
    await menu.getByRole('button', { name: 'Medlemmer' }).waitFor();
    expect(await menu.getByRole('button', { name: 'Månedskjøring' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Forhåndsvis' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Kjør', exact: true }).count()).toBe(0);
    expectNoProblems(harness.problems);
  });
});
