/**
 * Issue 12, "a member page that reads once", in the browser: the timeline is the page's one list
 * (each redemption once, with its life, B7a), "expiring soon" covers the next 12 months only (B5,
 * the setting expiring_soon_months), the balance card stays above the fold at 1366 × 768 and
 * 1024 × 700 with the launch-day banner showing (L3), the ledger entry by entry is one click away
 * for a supervisor, and the page is axe clean.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClock } from '../../main/clock.js';
import { addNote } from '../../main/services/timeline.js';
import { cancelRedemption, createRedemption, shipRedemption } from '../../main/services/redemptions.js';
import { actingAs, addCatalog, addCatalogFixtures, addFixtures, addLaunchFixture, type CatalogFixture, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, oslo, seriousViolations } from './launch-helpers.js';
import { openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

/** The launch day the page is looked at on, before 10:00 (the lockout banner shows). */
const LAUNCH_DAY = '2026-11-21';

describeWithBrowser('the member page reads once (issue 12)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixture;
  const ids = { shipped: 0, cancelled: 0, open: 0 };

  beforeAll(async () => {
    harness = await startHarness({
      now: '2026-11-10T09:15:00.000Z',
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalog(ctx);
        const launchProducts = addCatalogFixtures(ctx);
        await addLaunchFixture(ctx, { launchOn: LAUNCH_DAY, name: 'Vinterlansering', productIds: [launchProducts.launchProduct, launchProducts.soldOutProduct] });
        const clock = ctx.clock;
        if (!(clock instanceof TestClock)) throw new Error('the harness clock is a TestClock');
        const anne = actingAs(ctx, 'agent');
        const sara = actingAs(ctx, 'sara');
        const book = async (productId: number, quantity: number, key: string): Promise<number> =>
          (await createRedemption(anne, {
            memberId: fx.bjorn.id,
            channel: 'phone',
            lines: [{ productId, quantity }],
            delivery: 'next_delivery',
            identity: { memberNo: true, address: false, email: false, phone: true },
            idempotencyKey: key,
            postageOre: 0,
          })).redemption.id;
        // Registered 10.11, shipped 12.11.
        ids.shipped = await book(catalog.omega, 1, 'timeline-shipped');
        clock.set('2026-11-12T13:05:00.000Z');
        await shipRedemption(sara, ids.shipped);
        // Registered 14.11, cancelled 16.11: the points come back.
        clock.set('2026-11-14T10:20:00.000Z');
        ids.cancelled = await book(catalog.kopp, 1, 'timeline-cancelled');
        clock.set('2026-11-16T08:45:00.000Z');
        await cancelRedemption(sara, ids.cancelled, 'Medlemmet ombestemte seg');
        // Registered 18.11, still to be shipped.
        clock.set('2026-11-18T11:00:00.000Z');
        ids.open = await book(catalog.shaker, 1, 'timeline-open');
        // Kari: a long history, for "show more".
        for (let i = 1; i <= 40; i += 1) {
          clock.set(new Date(Date.parse('2026-10-01T08:00:00.000Z') + i * 3_600_000).toISOString());
          await addNote(anne, fx.kari.id, `Samtale ${i}`);
        }
        // The launch day, before customer service opens (10:00 Oslo).
        clock.set(oslo(LAUNCH_DAY, '08:30:00', 1));
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const timeline = (page: Page) => page.getByTestId('timeline');
  const redemption = (page: Page, id: number) => page.locator(`[data-testid=timeline] li[data-redemption-id="${id}"]`);

  it('B7a: the timeline is the one list: each redemption once, its steps on their real days, the points given back when cancelled', async () => {
    const page = await openAs(harness, 'agent');
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await page.getByTestId('launch-banner').waitFor();
    // No second list: neither the ledger table nor the redemptions table is on the member page.
    expect(await page.getByRole('table', { name: 'Siste bevegelser' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Innløsninger', level: 2 }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Posteringer' }).count()).toBe(0);

    expect(await timeline(page).locator('li[data-kind=redemption]').count()).toBe(3);
    // Their spends and the give-back are not items of their own (the 2 155 booked by hand is).
    expect(await timeline(page).locator('li[data-kind=ledger]', { hasText: /^Innløst/ }).count()).toBe(1);
    expect(await timeline(page).locator('li', { hasText: 'Innløsning kansellert' }).count()).toBe(0);

    const shipped = redemption(page, ids.shipped);
    expect(await shipped.getAttribute('data-status')).toBe('shipped');
    expect(await squeezed(shipped)).toContain(`Innløsning nr. ${ids.shipped} · sendt \u22121\u00a0500 1 × Omega-3 Forte 120 kapsler`);
    expect(await squeezed(shipped.locator('[data-step=registered]'))).toBe('Registrert 10.11.2026 10:15 · Anne Agent · Telefon');
    expect(await squeezed(shipped.locator('[data-step=shipped]'))).toBe('Sendt 12.11.2026 14:05');
    // The amount shows once for the redemption: no double debit.
    expect((await squeezed(shipped)).split('1\u00a0500').length - 1).toBe(1);

    const cancelled = redemption(page, ids.cancelled);
    expect(await cancelled.getAttribute('data-status')).toBe('cancelled');
    expect(await squeezed(cancelled.locator('[data-step=registered]'))).toBe('Registrert 14.11.2026 11:20 · Anne Agent · Telefon');
    expect(await squeezed(cancelled.locator('[data-step=cancelled]'))).toBe('Kansellert 16.11.2026 09:45 · Sara Svendsen · «Medlemmet ombestemte seg» +2\u00a0400 poeng gitt tilbake');
    expect(await cancelled.getByRole('button').count()).toBe(0);

    // Date order, newest first: the open redemption (18.11), the cancelled (14.11), the shipped (10.11), the withholding (02.11) …
    const order = await timeline(page).locator(':scope > li').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-redemption-id') ?? r.getAttribute('data-kind')));
    expect(order.slice(0, 4)).toEqual([String(ids.open), String(ids.cancelled), String(ids.shipped), 'ledger']);
    expect(order.at(-1)).toBe('membership');

    // The registered one is shipped from the timeline; it stays one item, now with its second step.
    const open = redemption(page, ids.open);
    await open.getByRole('button', { name: `Merk sendt: bestilling ${ids.open}` }).click();
    const confirm = page.getByRole('dialog', { name: `Merk bestilling ${ids.open} som sendt?` });
    await confirm.getByRole('button', { name: 'Merk som sendt' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => open.getAttribute('data-status')).toBe('shipped');
    expect(await squeezed(open.locator('[data-step=shipped]'))).toBe('Sendt 21.11.2026 08:30');
    expect(await timeline(page).locator('li[data-kind=redemption]').count()).toBe(3);
    expectNoProblems(harness.problems);
  });

  it('B5: "Utløper snart" lists only the next 12 months; the window is a setting', async () => {
    const page = await openAs(harness, 'agent');
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    // Bjørn's oldest lot (earned 01.02.2024) expires 01.02.2027, inside 12 months; the next (15.06.2025 → 15.06.2028) does not.
    const soon = page.getByTestId('expiring-soon');
    expect(await squeezed(soon)).toMatch(/^Utløper snart De neste 12 månedene 01\.02\.2027 \d[\d\u00a0]* poeng$/);
    expect(await soon.getByText('15.06.2028').count()).toBe(0);

    await harness.desk.store.run(
      harness.desk.store.kysely
        .insertInto('settings')
        .values({ key: 'expiring_soon_months', value: '36', updated_at: harness.clock.now().toISOString(), updated_by: null })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: '36' })),
    );
    await page.getByRole('button', { name: /Tilbake til søket/ }).click();
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    await expect.poll(() => squeezed(page.getByTestId('expiring-soon'))).toContain('De neste 36 månedene');
    expect(await squeezed(page.getByTestId('next-expiries'))).toMatch(/^01\.02\.2027 [\d\u00a0]+ poeng 15\.06\.2028 6\u00a0500 poeng$/);
    await harness.desk.store.run(harness.desk.store.kysely.deleteFrom('settings').where('key', '=', 'expiring_soon_months'));
    expectNoProblems(harness.problems);
  });

  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1024, height: 700 },
  ]) {
    it(`L3: at ${viewport.width} × ${viewport.height} on a launch day the balance card is inside the window, with the banner showing`, async () => {
      const page = await openAs(harness, 'agent');
      await page.setViewportSize(viewport);
      await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
      const banner = page.getByTestId('launch-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('data-state')).toBe('locked');
      const card = page.getByRole('region', { name: 'Saldo', exact: true });
      const box = await card.boundingBox();
      expect(box).not.toBeNull();
      if (box === null) return;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `balance card bottom at ${box.y + box.height}`).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      // The whole card: the balance, withheld points, the unpaid invoice and the expiries.
      expect(await squeezed(card)).toContain('300 poeng er holdt tilbake');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      // What the agent sees without scrolling, and the whole page.
      await windowShot(page, `member-page-launch-${viewport.width}x${viewport.height}-window`);
      await harness.screenshot(page, `member-page-launch-${viewport.width}x${viewport.height}`);
      expectNoProblems(harness.problems);
    });
  }

  it('shows the first 30 rows and more on request', async () => {
    const page = await openAs(harness, 'agent');
    await openMember(page, fx.kari.memberNo, 'Kari Hansen');
    // 40 notes, an earning and the enrolment: 42 items read, 30 rendered.
    expect(await timeline(page).locator(':scope > li').count()).toBe(30);
    expect(await page.getByTestId('timeline-count').textContent()).toBe('Viser 30 av 42');
    await page.getByTestId('timeline-more').click();
    await expect.poll(() => timeline(page).locator(':scope > li').count()).toBe(42);
    expect(await page.getByTestId('timeline-more').count()).toBe(0);
    expect(await timeline(page).locator(':scope > li').last().getAttribute('data-kind')).toBe('membership');
    expectNoProblems(harness.problems);
  });

  it('a supervisor opens the ledger entry by entry from the timeline; the page and the view are axe clean', async () => {
    const page = await openAs(harness, 'sara');
    await openMember(page, fx.bjorn.memberNo, 'Bjørn Hansen');
    expect(await seriousViolations(page), 'member page').toEqual([]);
    await page.getByRole('button', { name: 'Posteringer' }).click();
    const view = page.getByRole('dialog', { name: 'Posteringer for Bjørn Hansen' });
    const table = view.getByRole('table', { name: 'Posteringer' });
    await table.locator('tbody tr').first().waitFor();
    // Every entry, the redemptions' spends and give-back too: 2 earnings, 1 hand-booked spend, 1 withholding, 3 spends, 1 give-back.
    expect(await table.locator('tbody tr').count()).toBe(8);
    expect(await table.getByRole('row', { name: /Innløsning kansellert/ }).textContent()).toContain('+2\u00a0400');
    expect(await seriousViolations(page), 'ledger view').toEqual([]);
    await harness.screenshot(page, 'member-page-ledger-view');
    await view.getByRole('button', { name: 'Lukk' }).click();
    await view.waitFor({ state: 'detached' });
    expectNoProblems(harness.problems);
  });
});

