import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { addFixtures, dbValue, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { focused, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, signIn, waitForShell } from './steps.js';

/**
 * D3 and the role table: an agent corrects a caller's phone and postcode from the member page with
 * the keyboard only — Alt+K, the identity check first, Tab through the fields, Enter saves, Esc
 * closes — sees a bad postcode refused on the field, and then the change on the profile and in the
 * timeline.
 */
describeWithBrowser('editing a caller’s contact details (D3)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let page: Page;

  const changes = (): number => dbValue<number>(harness.ctx, 'SELECT count(*) FROM contact_changes');
  const contactDialog = () => page.getByRole('dialog', { name: 'Endre kontaktinfo for Bjørn Hansen' });

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
      },
    });
    page = await harness.openApp();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('D3: Alt+K opens the dialog with the identity check first; Tab order, a bad postcode refused on its field, Enter saves phone and postcode; the timeline shows the change', async () => {
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.getByRole('button', { name: /Endre kontaktinfo/ }).waitFor();

    await page.keyboard.press('Alt+k');
    const d = contactDialog();
    await d.waitFor();
    // The identity check has the focus; the fields are pre-filled with what is on file.
    expect(await focused(page)).toMatchObject({ type: 'checkbox', label: 'Jeg har bekreftet hvem innringeren er' });
    expect(await d.getByRole('textbox', { name: 'Adresse' }).inputValue()).toBe('Storgata 1');
    expect(await d.getByRole('textbox', { name: 'Postnummer' }).inputValue()).toBe('0155');
    expect(await d.getByRole('textbox', { name: 'Poststed' }).inputValue()).toBe('Oslo');
    expect(await d.getByRole('textbox', { name: 'E-post' }).inputValue()).toBe('bjorn.hansen@example.no');
    expect(await d.getByRole('textbox', { name: 'Telefon' }).inputValue()).toBe('+47 912 34 567');

    // Enter without the identity check saves nothing and says why.
    await page.keyboard.press('Enter');
    await d.getByText('Kryss av når du har bekreftet hvem innringeren er.').waitFor();
    expect(changes()).toBe(0);

    await page.keyboard.press('Space');
    expect(await d.getByLabel('Jeg har bekreftet hvem innringeren er').isChecked()).toBe(true);
    const order: (string | null)[] = [];
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      order.push(f.type === 'radio' ? `radio:${f.label ?? ''}` : f.label);
    }
    expect(order).toEqual(['radio:Telefon', 'Adresse', 'Postnummer', 'Poststed', 'E-post', 'Telefon']);

    // The phone as the caller says it; a postcode with a digit missing.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('415 55 123');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).label).toBe('Postnummer');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('015');
    await page.keyboard.press('Enter');

    // Refused on the field, which gets the focus; nothing stored.
    const postcode = d.getByRole('textbox', { name: 'Postnummer' });
    await d.getByText('Må være nøyaktig 4 siffer.').waitFor();
    expect(await postcode.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(async () => (await focused(page)).label).toBe('Postnummer');
    expect(await d.getByRole('textbox', { name: 'Telefon' }).getAttribute('aria-invalid')).toBe('false');
    expect(changes()).toBe(0);
    await windowShot(page, 'contact-dialog-bad-postcode');
    // WCAG 2.1 A/AA (axe-core): no serious finding in the dialog with its error shown.
    const axe = await new AxeBuilder({ page }).include('[role=dialog]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    await page.keyboard.press('Control+a');
    await page.keyboard.type('0150');
    await expect.poll(() => postcode.getAttribute('aria-invalid')).toBe('false');
    await page.keyboard.press('Enter');
    await d.waitFor({ state: 'detached' });
    await page.getByText('Kontaktinfo for Bjørn Hansen er endret: postnummer, telefon.').waitFor();

    // Stored as the rules say: +47 and 8 digits, before and after, by the agent, by phone.
    expect(dbValue<string>(harness.ctx, 'SELECT phone FROM members WHERE id = ?', fx.bjorn.id)).toBe('+4741555123');
    expect(
      sqliteConnection(harness.ctx.store)
        .prepare('SELECT c.field, c.before, c.after, c.channel, u.display_name AS who FROM contact_changes c JOIN users u ON u.id = c.user_id ORDER BY c.id')
        .all(),
    ).toEqual([
      { field: 'postcode', before: '0155', after: '0150', channel: 'phone', who: 'Anne Agent' },
      { field: 'phone', before: '+4791234567', after: '+4741555123', channel: 'phone', who: 'Anne Agent' },
    ]);

    // The profile and the timeline show it.
    await expect.poll(async () => squeezed(page.getByRole('article'))).toContain('+47 415 55 123');
    expect(await squeezed(page.getByRole('article'))).toContain('0150 Oslo');
    const timeline = page.getByTestId('timeline');
    const item = timeline.locator('li[data-kind=contact]');
    await item.waitFor();
    expect(await squeezed(item)).toMatch(/^Kontaktinfo endret Endret: postnummer, telefon 21\.11\.2026 10:30 · Anne Agent · Telefon$/);
    // Above the snackbar, so the picture shows the item and the confirmation.
    await item.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await windowShot(page, 'contact-details-timeline');
    expectNoProblems(harness.problems);
  });

  it('D3: Esc closes the dialog and nothing is stored; the timeline filter "Kontaktinfo" shows the corrections only', async () => {
    const before = changes();
    await page.keyboard.press('Alt+k');
    await contactDialog().waitFor();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(' (bakgården)');
    await page.keyboard.press('Escape');
    await contactDialog().waitFor({ state: 'detached' });
    expect(changes()).toBe(before);
    expect(dbValue<string>(harness.ctx, 'SELECT address FROM members WHERE id = ?', fx.bjorn.id)).toBe('Storgata 1');

    await page.getByRole('button', { name: 'Kontaktinfo', exact: true }).click();
    const kinds = (): Promise<(string | null)[]> => page.getByTestId('timeline').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    await expect.poll(kinds).toEqual(['contact']);
    expectNoProblems(harness.problems);
  });
});
