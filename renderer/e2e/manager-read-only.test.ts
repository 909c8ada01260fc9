/**
 * SPEC "Who uses it": a manager reads everything — the monthly-run preview, the service emails
 * and the earnings files included — and writes none of it: no run, no import, no "mark sent".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../main/services/auth.js';
import { importEarnings } from '../../main/services/earnings.js';
import { runMonth } from '../../main/services/monthly-run.js';
import { addEarningTable, addFixtures, addMemberEndingSoon, FIXTURE_PASSWORD } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection } from './launch-helpers.js';
import { expectNoProblems } from './steps.js';

describeWithBrowser('manager reads the monthly run, service emails and earnings files (read-only)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        await addFixtures(ctx);
        addEarningTable(ctx);
        await addMemberEndingSoon(ctx);
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
        await importEarnings(ctx, { fileName: 'oktober.csv', content: '100001;KASSE-M;2;2026-10-05\n100002;TILLEGG;5;15.10.2026\n' });
        // October is run, so November's service email is listed after the November run below.
        await runMonth({ ...ctx, clock: { now: () => new Date('2026-11-02T09:00:00Z') } }, '2026-10');
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a manager previews a month and reads the service emails and earnings files, with no run, import or mark-sent button', async () => {
    harness.clock.set('2026-12-02T09:00:00Z');
    const page = await openAs(harness, 'maja');

    await openSection(page, 'Månedskjøring');
    expect(await page.getByTestId('run-preview-only').textContent()).toBe('Du kan forhåndsvise en måned. Bare teamledere kjører den og merker serviceeposter som sendt.');
    expect(await page.getByRole('button', { name: 'Kjør', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Forhåndsvis' }).click();
    const preview = page.getByTestId('run-preview');
    await preview.waitFor();
    expect(await preview.getByRole('heading', { level: 2 }).textContent()).toBe('Forhåndsvisning for november 2026');
    const emails = page.getByTestId('service-emails');
    await emails.getByText('Astrid Ødegård').waitFor();
    // The message can be read; recording it as sent is the supervisor's.
    await emails.getByRole('button', { name: 'Vis e-post til Astrid Ødegård' }).click();
    // A full-page picture from the top, so the sticky top bar stays at the top of it.
    await page.evaluate('window.scrollTo(0, 0)');
    await harness.screenshot(page, 'manager-monthly-run-preview');
    expect(await emails.getByRole('button', { name: /som sendt/ }).count()).toBe(0);
    // The preview booked nothing: November is still the next month to run.
    await page.reload();
    await openSection(page, 'Månedskjøring');
    expect(await page.getByTestId('run-next').textContent()).toBe('Neste måned som kan kjøres: november 2026, fra 01.12.2026.');

    await openSection(page, 'Opptjeningsfiler');
    expect(await page.getByTestId('earnings-read-only').textContent()).toBe('Bare teamledere kontrollerer og tar inn filer. Dette er filene som er tatt inn så langt.');
    expect(await page.getByRole('button', { name: 'Velg fil …' }).count()).toBe(0);
    await page.getByText('oktober.csv').first().waitFor();
    await harness.screenshot(page, 'manager-earnings-files');
    expectNoProblems(harness.problems);
  });
});
