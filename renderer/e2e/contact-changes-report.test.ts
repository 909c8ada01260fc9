/**
 * D3 and the role table ("exports reports" is the manager's): an agent corrects a caller's phone
 * in the ContactDialog; a manager opens Rapporter → Kontaktendringer, picks the day with the
 * keyboard (dd.mm.åååå), sees the change with its time, member, before and after and who made
 * it, pages through a longer list with the exact count, and downloads billing's CSV — the same
 * file the command line writes — which holds that row. Agents have no route to it (no Rapporter
 * in their menu), and a supervisor's report page has no such section.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { exportContactChanges, updateContact } from '../../main/services/contact.js';
import { actingAs, addFixtures, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { DEFAULT_NOW, describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { fitsWidth, focused, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

/** Corrections of Kari's place made earlier in the month, so the list has more than one page. */
const EARLIER = 30;

/** The entries of the main menu, as shown. */
async function menuEntries(page: Page): Promise<string[]> {
  const buttons = page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button');
  await buttons.first().waitFor();
  return (await buttons.allTextContents()).map((text) => text.trim());
}

describeWithBrowser('contact changes report (D3)', () => {
  let harness: Harness;
  let fx: Fixtures;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
      },
    });
    // Kari's place corrected back and forth on 10 November (through the desk's own service, by the agent).
    const anne = actingAs(harness.ctx, 'agent');
    for (let i = 0; i < EARLIER; i += 1) {
      harness.clock.set(new Date(Date.UTC(2026, 10, 10, 8, i)).toISOString());
      await updateContact(anne, { memberId: fx.kari.id, channel: 'phone', city: i % 2 === 0 ? 'Oslo' : 'Bergen' });
    }
    harness.clock.set(DEFAULT_NOW); // 21.11.2026 10:30 Oslo
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('D3: the agent changes a phone in the ContactDialog, and has no route to the report', async () => {
    const page = await openAs(harness, 'agent');
    // The agent's menu has no Rapporter, so no Kontaktendringer either (the contract: reports.contactChanges is the manager's).
    expect(await menuEntries(page)).not.toContain('Rapporter');
    expect(await page.getByText('Kontaktendringer').count()).toBe(0);

    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.keyboard.press('Alt+k');
    const d = page.getByRole('dialog', { name: 'Endre kontaktinfo for Bjørn Hansen' });
    await d.waitFor();
    await page.keyboard.press('Space'); // the identity check has the focus
    const phone = d.getByRole('textbox', { name: 'Telefon' });
    await phone.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('415 55 123');
    await page.keyboard.press('Enter');
    await d.waitFor({ state: 'detached' });
    await page.getByText('Kontaktinfo for Bjørn Hansen er endret: telefon.').waitFor();
    expect(await page.getByText('Kontaktendringer').count()).toBe(0);
    expectNoProblems(harness.problems);
  });

  it('D3: a supervisor reads the liability on Rapporter but has no Kontaktendringer there', async () => {
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Rapporter');
    await page.getByTestId('liability-total').waitFor();
    expect(await page.getByTestId('contact-changes').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Kontaktendringer' }).count()).toBe(0);
    expectNoProblems(harness.problems);
  });

  it('D3: a manager picks the day with the keyboard, sees the change before → after with who and when, and downloads the CSV the command line writes', async () => {
    const page = await openAs(harness, 'maja');
    await page.setViewportSize({ width: 1366, height: 768 });
    await openSection(page, 'Rapporter');
    const section = page.getByTestId('contact-changes');
    await section.getByRole('heading', { level: 2, name: 'Kontaktendringer' }).waitFor();
    const since = section.getByRole('textbox', { name: 'Fra og med dato' });
    // The field offers the first of the desk's month; nothing is read (B14) until asked for.
    await expect.poll(() => since.inputValue()).toBe('01.11.2026');
    expect(await squeezed(page.getByTestId('contact-changes-count'))).toBe('Velg en dato og trykk «Vis endringer».');
    expect(await section.getByRole('table').count()).toBe(0);

    // Keyboard: a day that does not exist is refused on the field, which keeps the focus.
    await since.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('31.11.2026');
    await page.keyboard.press('Enter');
    await section.getByText('Skriv datoen som dd.mm.åååå.').waitFor();
    expect(await since.getAttribute('aria-invalid')).toBe('true');
    expect((await focused(page)).label).toMatch(/^Fra og med dato/);
    expect(await section.getByRole('table').count()).toBe(0);

    await page.keyboard.press('Control+a');
    await page.keyboard.type('20.11.2026');
    await page.keyboard.press('Enter');
    await expect.poll(() => squeezed(page.getByTestId('contact-changes-count'))).toBe('1 endring fra og med 20.11.2026');
    expect(await since.getAttribute('aria-invalid')).toBe('false');
    const list = page.getByTestId('contact-changes-list');
    expect(await squeezed(list.locator('thead tr'))).toBe('Tidspunkt Medlem Felt Før Etter Endret av');
    const rows = list.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allInnerTexts();
    expect(cells.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual(['21.11.2026 10:30', '100001 Bjørn Hansen', 'Telefon', '+47 912 34 567', '+47 415 55 123', 'Anne Agent (agent)']);
    expect(await squeezed(list.locator('tfoot'))).toContain('1–1 av 1');

    // Tab from the field: "Vis endringer", then "Last ned endringene som CSV" (not the member report's button); Enter downloads.
    await since.focus();
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Vis endringer');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Last ned endringene som CSV');
    await page.keyboard.press('Enter');
    const done = page.getByTestId('contact-changes-export-status').getByText(/^Ferdig:/);
    await done.waitFor();
    const text = (await done.textContent()) ?? '';
    const path = /^Ferdig: 1 endring fra og med 20\.11\.2026 lagret i (.+\.csv)$/.exec(text)?.[1];
    expect(path, text).toBeDefined();
    const file = path as string;
    // Into the export folder beside the database, whole: nothing else (no temporary file) there.
    expect(dirname(file)).toBe(join(dirname(harness.desk.store.sqlite.name), 'exports'));
    expect(readdirSync(dirname(file))).toEqual([basename(file)]);
    const csv = readFileSync(file, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'Medlemsnr.;Endret (UTC);Endret (Oslo-tid);Felt;Før;Etter;Endret av',
      '100001;2026-11-21T09:30:00.000Z;2026-11-21 10:30;phone;+4791234567;+4741555123;Anne Agent (agent)',
      '',
    ]);
    // The same bytes as `npm run desk -- export contact-changes --since 2026-11-20` (the same service, as the system).
    const cli = await exportContactChanges(harness.ctx, { since: '2026-11-20', path: join(dirname(dirname(file)), 'cli.csv') });
    expect(csv).toBe(readFileSync(cli.path, 'utf8'));

    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await windowShot(page, 'contact-changes-1366');
    const found = await seriousViolations(page);
    expect(found, found.join('\n')).toEqual([]);
    expectNoProblems(harness.problems);
  });

  it('D3: from the first of the month the list pages through every change with the exact count, oldest first; the last page ends with the phone change', async () => {
    const page = await openAs(harness, 'maja');
    await page.setViewportSize({ width: 1024, height: 700 });
    await openSection(page, 'Rapporter');
    const section = page.getByTestId('contact-changes');
    const since = section.getByRole('textbox', { name: 'Fra og med dato' });
    await expect.poll(() => since.inputValue()).toBe('01.11.2026');
    await since.press('Enter');
    const total = EARLIER + 1;
    await expect.poll(() => squeezed(page.getByTestId('contact-changes-count'))).toBe(`${total} endringer fra og med 01.11.2026`);
    const list = page.getByTestId('contact-changes-list');
    const rows = list.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(25);
    expect(await squeezed(list.locator('tfoot'))).toContain(`1–25 av ${total}`);
    expect((await rows.first().locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim())).toEqual([
      '10.11.2026 09:00',
      '100002 Kari Hansen',
      'Poststed',
      'Bergen',
      'Oslo',
      'Anne Agent (agent)',
    ]);
    await fitsWidth(page);

    // The next page, by keyboard: the pagination's own button.
    const next = list.getByRole('button', { name: 'Neste side' });
    await next.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => squeezed(list.locator('tfoot'))).toContain(`26–${total} av ${total}`);
    await expect.poll(() => rows.count()).toBe(total - 25);
    expect(await squeezed(rows.last())).toContain('+47 912 34 567 +47 415 55 123');
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await fitsWidth(page);
    // The pagination button's tooltip (shown while it has the focus) would cover the last row in the picture.
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await windowShot(page, 'contact-changes-1024');
    const found = await seriousViolations(page);
    expect(found, found.join('\n')).toEqual([]);
    expectNoProblems(harness.problems);
  });
});
