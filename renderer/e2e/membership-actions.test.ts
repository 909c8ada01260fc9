import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { addCatalog, addFixtures, dbValue, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { dialog, focused, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

/** Issue 4, membership actions: opt-out (B10), rejoin, keep-membership (B9), notes, the timeline and the explanation (B12b). */
describeWithBrowser('membership actions on the member page', () => {
  let harness: Harness;
  let fx: Fixtures;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        addCatalog(ctx);
        await createUser(ctx, { username: 'mona', displayName: 'Mona Manager', role: 'manager', password: FIXTURE_PASSWORD });
      },
    });
    page = await harness.openApp();
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('(e) opt-out warns with the balance, needs the member told, books the forfeit; the member can then not redeem, and can rejoin from zero', async () => {
    await openMember(page, fx.kari.memberNo, 'Kari Hansen');
    await page.getByRole('button', { name: 'Meld ut av bonusprogrammet' }).click();
    const optOut = page.getByRole('dialog', { name: 'Meld Kari Hansen ut av bonusprogrammet' });
    expect(await squeezed(optOut.getByTestId('opt-out-warning'))).toBe(
      'Medlemmet taper 4\u00a0500 poeng Ved utmelding slettes alle 4\u00a0500 poengene, og de kan ikke gis tilbake. Melder medlemmet seg inn igjen senere, starter det fra null.',
    );
    // The channel radio has the focus; without a reason and the tick nothing is booked.
    expect((await focused(page)).type).toBe('radio');
    await optOut.getByRole('button', { name: 'Meld ut' }).click();
    await optOut.getByText('Skriv en begrunnelse.').waitFor();
    await optOut.getByText('Kryss av når du har fortalt medlemmet dette.').waitFor();
    expect(dbValue<string>(harness.ctx, 'SELECT state FROM members WHERE id = ?', fx.kari.id)).toBe('active');
    await windowShot(page, 'opt-out-dialog-errors');
    await optOut.getByLabel('Begrunnelse').fill('Ønsker ikke å være med i bonusprogrammet');
    await optOut.getByLabel('Jeg har fortalt medlemmet at 4\u00a0500 poeng tapes').check();
    await windowShot(page, 'opt-out-dialog');
    await optOut.getByRole('button', { name: 'Meld ut' }).click();
    await optOut.waitFor({ state: 'detached' });

    await page.getByText('Kari Hansen er meldt ut. 4\u00a0500 poeng er tapt.').waitFor();
    await expect.poll(() => textOf(page, 'member-balance')).toBe('0');
    expect(await textOf(page, 'membership-text')).toBe('Meldte seg ut av bonusprogrammet 21.11.2026.');
    await page.getByRole('article').getByText('Utmeldt', { exact: true }).waitFor();
    // B3: an opted-out member cannot redeem; the button says why, and Alt+N does nothing.
    expect(await page.getByRole('button', { name: /Registrer innløsning/ }).isDisabled()).toBe(true);
    await page.getByText('Medlemmet har meldt seg ut av bonusprogrammet.').waitFor();
    await page.keyboard.press('Alt+n');
    await page.waitForTimeout(200);
    expect(await dialog(page).count()).toBe(0);
    await expect.poll(async () => squeezed(page.getByTestId('balance-story'))).toContain('Tapt ved utmelding −4\u00a0500');
    await page.getByTestId('timeline').getByText('Meldte seg ut av bonusprogrammet').waitFor();
    expect(await page.getByTestId('timeline').locator('li', { hasText: 'Tapt ved utmelding' }).textContent()).toContain('\u22124\u00a0500');
    expect(dbValue<number>(harness.ctx, 'SELECT balance FROM members WHERE id = ?', fx.kari.id)).toBe(0);
    await harness.screenshot(page, 'member-page-opted-out');

    // B10: rejoining starts from zero.
    await page.getByRole('button', { name: 'Meld inn igjen' }).click();
    const rejoin = page.getByRole('dialog', { name: 'Meld Kari Hansen inn igjen' });
    await rejoin.getByText('Medlemmet starter fra null poeng.', { exact: false }).waitFor();
    await windowShot(page, 'rejoin-dialog');
    await rejoin.getByRole('button', { name: 'Meld inn igjen' }).click();
    await rejoin.waitFor({ state: 'detached' });
    await expect.poll(() => textOf(page, 'membership-text')).toBe('Aktivt medlem.');
    expect(await textOf(page, 'member-balance')).toBe('0');
    expect(await page.getByRole('button', { name: /Registrer innløsning/ }).isDisabled()).toBe(false);
    await page.getByTestId('timeline').getByText('Meldte seg inn igjen').waitFor();
    expectNoProblems(harness.problems);
  });

  it('(f) keep-membership for a cancelled member: the end date before, "until they end it" after', async () => {
    await openMember(page, fx.oyvind.memberNo, 'Øyvind Åsheim');
    expect(await textOf(page, 'membership-text')).toBe('Abonnementet ble sagt opp 30.09.2026. Medlemskapet varer til 30.09.2029.');
    // B12b for a cancelled member: the dates that apply now.
    const lifecycle = await squeezed(page.getByTestId('lifecycle'));
    expect(lifecycle).toContain('Sa opp 30.09.2026.');
    expect(lifecycle).toContain('29.11.2026 (60 dager etter) settes saldoen ned til 10\u00a0000 poeng');
    expect(lifecycle).toContain('Medlemskapet og poengene slettes 30.09.2029');
    // No active subscription: no redemption (B3), and the page says why (members.get's redeem flag).
    expect(await page.getByRole('button', { name: /Registrer innløsning/ }).isDisabled()).toBe(true);
    await page.getByText('Medlemmet har ikke et aktivt abonnement og kan ikke løse inn poeng.').waitFor();
    await harness.screenshot(page, 'member-page-cancelled-actions');

    await page.getByRole('button', { name: 'Behold medlemskapet' }).click();
    const keep = page.getByRole('dialog', { name: 'Øyvind Åsheim vil beholde medlemskapet' });
    expect(await squeezed(keep.getByTestId('keep-membership-intro'))).toContain('Medlemskapet varer nå til 30.09.2029.');
    expect(await keep.getByLabel('Begrunnelse').inputValue()).toBe('Medlemmet ønsker å beholde medlemskapet.');
    await keep.getByRole('radio', { name: 'E-post' }).check();
    await windowShot(page, 'keep-membership-dialog');
    await keep.getByRole('button', { name: 'Registrer forespørselen' }).click();
    await keep.waitFor({ state: 'detached' });

    await expect.poll(() => textOf(page, 'membership-text')).toBe(
      'Abonnementet ble sagt opp 30.09.2026. Medlemmet ba 21.11.2026 om å beholde medlemskapet, så det varer til medlemmet selv avslutter det.',
    );
    expect(await page.getByRole('button', { name: 'Behold medlemskapet' }).count()).toBe(0);
    await expect.poll(async () => squeezed(page.getByTestId('lifecycle'))).toContain('det varer til medlemmet selv avslutter det');
    const event = page.getByTestId('timeline').locator('li', { hasText: 'Ba om å beholde medlemskapet' });
    expect(await squeezed(event)).toContain('Anne Agent · E-post');
    expect(dbValue<string>(harness.ctx, 'SELECT keep_membership_on FROM members WHERE id = ?', fx.oyvind.id)).toBe('2026-11-21');
    await harness.screenshot(page, 'member-page-kept');
    expectNoProblems(harness.problems);
  });

  it('notes: "Skriv notat" puts the cursor in the note field; Ctrl+Enter saves it into the timeline with author and time', async () => {
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.getByRole('button', { name: 'Skriv notat' }).click();
    expect((await focused(page)).label).toBe('Nytt notat');
    await page.keyboard.type('Ringte om poeng som utløper i februar.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Forklarte FIFO.');
    await page.keyboard.press('Control+Enter');
    const note = page.getByTestId('timeline').locator('li[data-kind=note]');
    await note.waitFor();
    expect(await note.innerText()).toContain('Ringte om poeng som utløper i februar.\nForklarte FIFO.');
    expect(await squeezed(note)).toContain('21.11.2026 10:30 · Anne Agent');
    expect(await page.getByLabel('Nytt notat').inputValue()).toBe('');
    // The filter shows one kind at a time.
    await page.getByRole('button', { name: 'Notater', exact: true }).click();
    expect(await page.getByTestId('timeline').locator('li').count()).toBe(1);
    await page.getByRole('button', { name: 'Alt', exact: true }).click();
    expect(await page.getByTestId('timeline').locator('li').count()).toBeGreaterThan(4);
    expect(dbValue<string>(harness.ctx, 'SELECT body FROM member_notes WHERE member_id = ?', fx.bjorn.id)).toBe('Ringte om poeng som utløper i februar.\nForklarte FIFO.');
    // B12b for an active member: how the balance came about and "if cancelled today".
    const story = await squeezed(page.getByTestId('balance-story'));
    expect(story).toBe('Opptjent +14\u00a0500 Innløst \u22122\u00a0155 Holdt tilbake \u2212300');
    expect(await textOf(page, 'story-balance')).toBe('12\u00a0045 poeng');
    const preview = await squeezed(page.getByTestId('if-cancelled'));
    expect(preview).toContain('20.01.2027 (60 dager etter) settes saldoen ned til 10\u00a0000 poeng: 2\u00a0045 poeng tas.');
    expect(preview).toContain('Medlemskapet og poengene slettes 21.11.2029');
    await page.evaluate('window.scrollTo(0, 0)');
    await harness.screenshot(page, 'member-page-note');
    expectNoProblems(harness.problems);
  });

  it('reads in English too', async () => {
    await page.getByRole('button', { name: /^Språk/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'How the balance came about' }).waitFor();
    expect(await squeezed(page.getByTestId('if-cancelled'))).toContain('On 20.01.2027 (60 days later) the balance is reduced to 10\u00a0000 points: 2\u00a0045 points are taken.');
    await page.getByRole('button', { name: /Register redemption/ }).waitFor();
    await page.keyboard.press('Alt+n');
    await dialog(page).or(page.getByRole('dialog', { name: 'Register redemption' })).waitFor();
    await page.getByRole('heading', { name: 'Step 1 of 5: Identity' }).waitFor();
    await windowShot(page, 'redemption-1-identity-english');
    await page.keyboard.press('Escape');
    await harness.screenshot(page, 'member-page-english');
    await page.getByRole('button', { name: /^Language/ }).click();
    await page.getByRole('menuitem', { name: 'Norsk' }).click();
    await page.getByRole('heading', { name: 'Slik ble saldoen til' }).waitFor();
    expectNoProblems(harness.problems);
  });

  it('a manager reads the member page, the explanation and the redemptions, but gets no write actions', async () => {
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await signIn(page, 'mona', FIXTURE_PASSWORD);
    await waitForShell(page);
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.getByTestId('if-cancelled').waitFor();
    for (const name of [/Registrer innløsning/, /Skriv notat/, /Meld ut av bonusprogrammet/]) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByLabel('Nytt notat').count()).toBe(0);
    await page.keyboard.press('Alt+n');
    await page.waitForTimeout(200);
    expect(await dialog(page).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Innløsninger' }).click();
    await page.getByRole('heading', { name: 'Innløsninger', level: 1 }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Handlinger' }).count()).toBe(0);
    expectNoProblems(harness.problems);
  });
});
