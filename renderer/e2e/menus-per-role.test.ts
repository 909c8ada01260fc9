/**
 * Issue 12, "menus per role": each role's main menu lists only the screens it can use, decided
 * by the contract's roles (shared/channels/*) and, where a channel is readable by a role that
 * has no use for the screen, the screen's own role list (renderer/shell/sections.tsx):
 * - an agent reads runs.list (a balance's history names its run) but has no monthly-run screen;
 * - a manager reads held orders (heldOrders.list, "a manager reads everything") but cannot book
 *   them: the screen is listed and says it is read-only, with no register, book or withdraw.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { registerHeldOrder } from '../../main/services/held-orders.js';
import { addCatalogFixtures, addFixtures, addLaunchFixture, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, oslo, seriousViolations } from './launch-helpers.js';
import { expectNoProblems } from './steps.js';

const DAY = '2027-01-22';

/** The entries of the main menu, in order, as shown. */
async function menuEntries(page: Page): Promise<string[]> {
  const buttons = page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button');
  await buttons.first().waitFor();
  return (await buttons.allTextContents()).map((text) => text.trim());
}

describeWithBrowser('menus per role (issue 12)', () => {
  let harness: Harness;
  let fx: Fixtures;

  beforeAll(async () => {
    let launchProduct = 0;
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        launchProduct = addCatalogFixtures(ctx).launchProduct;
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
        await createUser(ctx, { username: 'ada', displayName: 'Ada Admin', role: 'admin', password: FIXTURE_PASSWORD });
        await addLaunchFixture(ctx, { launchOn: DAY, name: 'Vinternyheter', productIds: [launchProduct] });
      },
    });
    // An email order that came in before 10:00 on launch day (L3), for the manager to read.
    harness.clock.set(oslo(DAY, '09:40:00', 1));
    await registerHeldOrder(harness.ctx, {
      memberId: fx.kari.id,
      email: { from: 'kari.h@example.no', receivedAt: oslo(DAY, '08:05:00', 1), subject: 'Bestilling' },
      lines: [{ productId: launchProduct, quantity: 1 }],
      delivery: 'next_delivery',
      identity: { memberNo: true, address: true, email: false, phone: false },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('an agent: members, redemptions, launches, held orders — no monthly run', async () => {
    const page = await openAs(harness, 'agent');
    // Issue 13: the terms (B13), which an agent reads to a caller, read-only.
    expect(await menuEntries(page)).toEqual(['Medlemmer', 'Innløsninger', 'Lanseringer', 'Holdte ordre', 'Vilkår']);
    await openSection(page, 'Holdte ordre');
    await page.getByTestId('held-waiting').getByText('Kari Hansen').waitFor();
    // The agent books held orders: no read-only note.
    expect(await page.getByTestId('held-read-only').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Registrer holdt ordre' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Trekk tilbake ordren fra Kari Hansen' }).count()).toBe(1);
    expectNoProblems(harness.problems);
  });

  it('a supervisor: everything an agent has, and the monthly run, earnings files, approvals and reports', async () => {
    const page = await openAs(harness, 'sara');
    // Issue 13: the catalog and earning table they keep, the settings and terms they read, and the audit log.
    expect(await menuEntries(page)).toEqual(['Medlemmer', 'Innløsninger', 'Lanseringer', 'Holdte ordre', 'Bonuskatalog', 'Månedskjøring', 'Opptjeningsfiler', 'Kundefiler fra fakturering', 'Opptjeningstabell', 'Godkjenninger', 'Rapporter', 'Innstillinger', 'Vilkår', 'Revisjonslogg']);
    expectNoProblems(harness.problems);
  });

  it('a manager: reads everything but approvals; held orders are listed read-only, clearly marked, with nothing to book', async () => {
    const page = await openAs(harness, 'maja');
    expect(await menuEntries(page)).toEqual(['Medlemmer', 'Innløsninger', 'Lanseringer', 'Holdte ordre', 'Bonuskatalog', 'Månedskjøring', 'Opptjeningsfiler', 'Kundefiler fra fakturering', 'Opptjeningstabell', 'Rapporter', 'Innstillinger', 'Vilkår']);
    await openSection(page, 'Holdte ordre');
    await page.getByTestId('held-waiting').getByText('Kari Hansen').waitFor();
    expect(await page.getByTestId('held-read-only').textContent()).toBe(
      'Bare lesing. Du ser de holdte ordrene, men bare kundebehandlere og teamledere registrerer, bestiller og trekker dem tilbake.',
    );
    for (const name of ['Registrer holdt ordre', 'Bestill', 'Trekk tilbake']) {
      // "Trekk tilbake" is named after the member ("Trekk tilbake ordren fra …"): matched from the start.
      expect(await page.getByRole('main').getByRole('button', { name: new RegExp(`^${name}`) }).count(), name).toBe(0);
    }
    const found = await seriousViolations(page);
    expect(found, found.join('\n')).toEqual([]);
    await harness.screenshot(page, 'menus-manager-held-orders-read-only');
    expectNoProblems(harness.problems);
  });

  it('an admin: settings, terms, the audit log, users, security and backups only', async () => {
    const page = await openAs(harness, 'ada');
    expect(await menuEntries(page)).toEqual(['Innstillinger', 'Vilkår', 'Revisjonslogg', 'Brukere', 'Sikkerhet', 'Sikkerhetskopier']);
    expectNoProblems(harness.problems);
  });
});
