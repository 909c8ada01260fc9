/**
 * Issue 11 ("Many desks") in a real browser against the real desk server: the page is served by
 * main/server/server.ts, `window.desk` goes over fetch with an HttpOnly session cookie, and other
 * desks' changes arrive over the event stream. The everyday work of an agent — search, the member
 * page, a redemption (B7), the launch-day banner (L3) and held email orders (L3, L5) — works the
 * same as on the embedded desk, and what one desk does shows on the other without a reload.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCatalog, addCatalogFixtures, addFixtures, addLaunchFixture, dbValue, FIXTURE_PASSWORD, type CatalogFixture, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, oslo, runClock } from './launch-helpers.js';
import { atStep, dialog, openMember, squeezed } from './redemption-steps.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

const DAY = '2027-01-22';

describeWithBrowser('a browser desk over the desk server (issue 11)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixture;
  let stopClock: (() => void) | null = null;

  beforeAll(async () => {
    harness = await startHarness({
      transport: 'server',
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalog(ctx);
        const launch = addCatalogFixtures(ctx);
        await addLaunchFixture(ctx, { launchOn: DAY, name: 'Vinternyheter', productIds: [launch.launchProduct] });
      },
    });
  });
  afterEach(async () => {
    stopClock?.();
    stopClock = null;
    // A failed test leaves no desk open for the next.
    for (const context of harness?.browser.contexts() ?? []) await context.close().catch(() => undefined);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('(a) the page comes from the server, signs in with an HttpOnly cookie, searches, opens a member page, and keeps the session over a reload', async () => {
    const page = await harness.openApp();
    expect(harness.baseUrl).toBe(`${harness.server?.url ?? ''}/`);
    // No preload here: the page installed the fetch bridge, which has the event stream.
    expect(await page.evaluate('typeof window.desk.subscribe')).toBe('function');
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);

    // The session is a cookie the page's scripts never see.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'desk_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(await page.evaluate('document.cookie')).not.toContain('desk_session');
    // The shell listens to the server's events.
    await expect.poll(() => harness.server?.streams() ?? 0).toBeGreaterThanOrEqual(1);

    // Search: the three Hansens, best matches first.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Søk etter medlem' }).fill('Hansen');
    await expect.poll(() => page.locator('[role=option][data-member-id]').count()).toBe(3);
    await harness.screenshot(page, 'server-search');

    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    expect(await textOf(page, 'member-balance')).toBe('12\u00a0045');
    expect(await squeezed(page.getByTestId('balance-story'))).toContain('Opptjent +14\u00a0500');

    // A reload asks the server who is signed in (auth.me): the cookie keeps the agent at the desk.
    await page.reload();
    await waitForShell(page);
    await page.getByRole('combobox', { name: 'Søk etter medlem' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Logg inn' }).count()).toBe(0);
    await page.context().close();
    expectNoProblems(harness.problems);
  });

  it('(b) a phone redemption (B7) booked over the server: the balance and the stock move, once', async () => {
    const page = await openAs(harness, 'agent');
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.getByRole('button', { name: /Registrer innløsning/ }).click();
    await atStep(page, 1, 'Identitet');
    const d = dialog(page);
    await d.getByLabel('Medlemsnummer').check();
    await d.getByLabel('Telefon').check();
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 2, 'Kanal');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(page, 3, 'Produkter');
    expect(await squeezed(d.getByTestId('product-B-TURSEKK'))).toContain('Utsolgt');
    await page.keyboard.type('omega');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2');
    await expect.poll(() => textOf(page, 'order-total')).toBe('3\u00a0000 poeng');
    await page.keyboard.press('Enter');
    await atStep(page, 4, 'Levering');
    await page.keyboard.press('Enter');
    await atStep(page, 5, 'Oppsummering');
    await d.getByRole('button', { name: 'Bekreft bestillingen' }).click();
    await d.getByTestId('redemption-booked').waitFor();
    expect(await textOf(page, 'booked-balance')).toBe('9\u00a0045 poeng');
    await d.getByRole('button', { name: 'Lukk' }).click();
    await d.waitFor({ state: 'detached' });
    await expect.poll(() => textOf(page, 'member-balance')).toBe('9\u00a0045');
    expect(dbValue<number>(harness.ctx, 'SELECT balance FROM members WHERE id = ?', fx.bjorn.id)).toBe(9_045);
    expect(dbValue<number>(harness.ctx, 'SELECT stock FROM bonus_products WHERE id = ?', catalog.omega)).toBe(38);
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM redemptions WHERE member_id = ?', fx.bjorn.id)).toBe(1);
    await harness.screenshot(page, 'server-after-redemption');
    await page.context().close();
    expectNoProblems(harness.problems);
  });

  async function registerHeld(page: Page, memberNo: string, optionName: string, subject: string, receivedAt: string): Promise<void> {
    await page.getByRole('button', { name: 'Registrer holdt ordre' }).click();
    const form = page.getByRole('dialog', { name: 'Registrer holdt e-postbestilling' });
    await form.getByRole('combobox', { name: 'Medlem' }).fill(memberNo);
    await page.getByRole('option', { name: optionName }).click();
    await form.getByLabel('Kl. (norsk tid)').fill(receivedAt);
    await form.getByLabel('Emne').fill(subject);
    await form.getByRole('combobox', { name: 'Vare' }).click();
    await page.getByRole('option', { name: /^Nyhet: Kollagen Pro/ }).click();
    await form.getByRole('checkbox', { name: 'Medlemsnummer' }).check();
    await form.getByRole('checkbox', { name: 'Adresse' }).check();
    await form.getByRole('button', { name: 'Registrer', exact: true }).click();
    await form.waitFor({ state: 'hidden' });
  }

  it('(c) launch day (L3): the banner locks before 10:00; a held order registered on one desk shows on the other at once, is booked there from 10:00, and the first desk sees it booked', async () => {
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    const agent = await openAs(harness, 'agent');
    const sara = await openAs(harness, 'sara');
    for (const page of [agent, sara]) {
      await page.getByTestId('launch-banner').and(page.locator('[data-state="locked"]')).waitFor();
      expect(await page.getByTestId('launch-message').textContent()).toBe('Kundesenteret tar ikke imot bestillinger på lanseringsvarer før kl.\u00a010:00');
    }
    await openSection(agent, 'Holdte ordre');
    await agent.getByTestId('held-waiting').getByText('Ingen holdte ordre venter.').waitFor();
    await openSection(sara, 'Holdte ordre');

    // Sara registers an email order; the agent's open list shows it without a reload (issue 11).
    await registerHeld(sara, '100002', '100002 – Kari Hansen', 'Bestilling Kollagen Pro', '08:05');
    await agent.getByTestId('held-waiting').getByText('Kari Hansen').waitFor({ timeout: 5_000 });
    expect(await agent.getByTestId('held-opens').textContent()).toBe('Kan bestilles fra kl. 10:00');
    await harness.screenshot(agent, 'server-held-orders-before-10');

    // A few seconds before 10:00 the desk's clock runs; the agent's window opens afresh (the cookie keeps the session).
    harness.clock.set(oslo(DAY, '09:59:57', 1));
    stopClock = runClock(harness.clock);
    await agent.reload();
    await waitForShell(agent);
    await openSection(agent, 'Holdte ordre');
    const bookNow = agent.getByTestId('held-waiting').getByRole('button', { name: 'Bestill', exact: true });
    await expect.poll(() => bookNow.isEnabled(), { timeout: 15_000, interval: 100 }).toBe(true);
    await agent.getByTestId('launch-banner').and(agent.locator('[data-state="open"]')).waitFor({ timeout: 15_000 });
    // Book just after Sara's list polled (it does every 10 s), so only the event can bring her the change within 5 s.
    await sara.waitForRequest((request) => request.url().endsWith('/api/invoke') && (request.postData() ?? '').includes('"heldOrders.list"'), { timeout: 15_000 });
    await bookNow.click();
    await agent.getByTestId('held-outcome').getByText(/^Ordren fra Kari Hansen er bestilt som innløsning nr\. \d+: 1\u00a0000 poeng\.$/).waitFor();

    // Sara's list follows: nothing waits, the order is booked (held_orders), and her banner's stock says sold out (stock).
    await sara.getByTestId('held-waiting').getByText('Ingen holdte ordre venter.').waitFor({ timeout: 5_000 });
    await sara.getByTestId('held-resolved').getByText('Bestilt', { exact: true }).waitFor();
    // Issue 12: after 10:00 the banner is a chip in the top bar that says it (L5) and opens the products' stock.
    await expect.poll(() => sara.getByTestId('launch-chip').textContent(), { timeout: 5_000 }).toBe('Lansering: åpent · 1 utsolgt');
    await sara.getByTestId('launch-chip').click();
    expect(await sara.getByTestId('launch-products').textContent()).toContain('Nyhet: Kollagen ProUtsolgt');
    await harness.screenshot(sara, 'server-held-orders-other-desk');
    expect(dbValue<number>(harness.ctx, "SELECT count(*) FROM held_orders WHERE status = 'booked'")).toBe(1);
    await agent.context().close();
    await sara.context().close();
    expectNoProblems(harness.problems);
  });
});
