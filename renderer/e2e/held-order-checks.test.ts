/**
 * Issue 12, "Email orders and held orders", at the desk on a launch day (L3, L5, B3, B7):
 * 1. the email redemption's received time starts as now, dd.mm.åååå and tt:mm, in the very field
 *    the held order uses (one component, ui/ReceivedAtField);
 * 2. registering a held order runs a quote's checks and the queue's at once, in the dialog:
 *    sender, points, a product not in the launch, the stock left after the queue ahead — as
 *    warnings, since L3 checks them again when it is booked from 10:00; the order is still held;
 * 3. a received time at or after 10:00 on the launch day is refused on the field, and by main
 *    (`received_after_lockout`);
 * 4. the sender filled in from the chosen member keeps its label above the value;
 * 5. "safe to promise": the redemption's product list and the banner's products show stock, the
 *    held orders' queue and what is left to promise, live, in Norwegian and English.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { registerHeldOrder } from '../../main/services/held-orders.js';
import { addCatalogFixtures, addFixtures, addLaunchFixture, dbValue, type CatalogFixtures, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, oslo, seriousViolations } from './launch-helpers.js';
import { atStep, dialog, focused, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

const DAY = '2027-01-22'; // a Friday in winter: Oslo is UTC+1
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 700 },
] as const;
const NBSP = '\u00a0';

describeWithBrowser('held orders checked before 10:00, one received-time field, safe to promise (issue 12: L3, L5, B3, B7)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixtures;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalogFixtures(ctx);
        // Three units of the launch product, so the queue leaves some to promise.
        sqliteConnection(ctx.store).prepare('UPDATE bonus_products SET stock = 3 WHERE id = ?').run(catalog.launchProduct);
        await addLaunchFixture(ctx, { launchOn: DAY, name: 'Vinternyheter', productIds: [catalog.launchProduct] });
      },
    });
    // Bjørn's email at 08:05 waits for two of the three (L3).
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    await registerHeldOrder(harness.ctx, {
      memberId: fx.bjorn.id,
      email: { from: 'bjorn.hansen@example.no', receivedAt: oslo(DAY, '08:05:00', 1), subject: 'To stykker' },
      lines: [{ productId: catalog.launchProduct, quantity: 2 }],
      delivery: 'next_delivery',
      identity: { memberNo: true, address: true, email: false, phone: false },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function scan(page: Page, what: string): Promise<void> {
    const found = await seriousViolations(page);
    expect(found, `${what}:\n${found.join('\n')}`).toEqual([]);
  }

  async function shots(page: Page, name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await windowShot(page, `${name}-${size.width}`);
    }
    await page.setViewportSize(SIZES[0]);
  }

  const heldDialog = (page: Page) => page.getByRole('dialog', { name: 'Registrer holdt e-postbestilling' });

  async function openHeldDialog(page: Page) {
    await openSection(page, 'Holdte ordre');
    await page.getByRole('button', { name: 'Registrer holdt ordre' }).click();
    const d = heldDialog(page);
    await d.waitFor();
    return d;
  }

  /** The checks have answered for what the form says now. */
  async function checked(page: Page): Promise<void> {
    await page.locator('[data-testid="held-checks"][data-state="done"]').waitFor();
  }

  it('1. B7: the email redemption\'s received time starts as now (22.01.2027, 09:30), in the same field as the held order\'s; a time that is not one is said on the field', async () => {
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    const page = await openAs(harness, 'agent');
    await page.setViewportSize(SIZES[0]);
    await openMember(page, fx.kari.memberNo, 'Kari Hansen');
    await page.keyboard.press('Alt+n');
    await atStep(page, 1, 'Identitet');
    await page.keyboard.press('1');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await atStep(page, 2, 'Kanal');
    const d = dialog(page);
    await d.getByRole('radio', { name: 'E-post' }).check();
    // Now, on the desk's clock, the Norwegian way.
    expect(await d.getByLabel('Mottatt dato').inputValue()).toBe('22.01.2027');
    expect(await d.getByLabel('Kl. (norsk tid)').inputValue()).toBe('09:30');
    expect(await d.getByTestId('redemption-received-help').textContent()).toBe('Dato som dd.mm.åååå, klokkeslett som tt:mm (norsk tid).');
    await d.getByLabel('Avsender (e-postadresse)').fill('kari.h@example.no');
    // Not a time: said under the field, the field is marked, the focus goes there, the step stays.
    await d.getByLabel('Kl. (norsk tid)').fill('25:00');
    await d.getByRole('button', { name: 'Neste' }).click();
    await d.getByTestId('redemption-received-help').filter({ hasText: 'Skriv klokkeslettet som tt:mm (00:00–23:59).' }).waitFor();
    expect(await d.getByLabel('Kl. (norsk tid)').getAttribute('aria-invalid')).toBe('true');
    expect(await d.getByLabel('Mottatt dato').getAttribute('aria-invalid')).toBe('false');
    expect((await focused(page)).label).toBe('Kl. (norsk tid)');
    await atStep(page, 2, 'Kanal');
    await scan(page, 'email channel with a bad time');
    await shots(page, 'held-checks-redemption-received');
    await d.getByLabel('Kl. (norsk tid)').fill('9.12');
    await d.getByRole('button', { name: 'Neste' }).click();

    // 5. L5: the launch product shows what the held orders' queue leaves to promise.
    await atStep(page, 3, 'Produkter');
    const chip = d.getByTestId('promise-NY-KOLL');
    expect(await chip.textContent()).toBe('3 på lager · 2 i kø · 1 kan loves');
    // A product nothing waits for shows its stock alone.
    expect(await d.getByTestId('product-VIT-D3').getByRole('cell').nth(2).textContent()).toBe('50');
    expect(await d.getByTestId('product-VIT-D3').getByTestId('promise-VIT-D3').count()).toBe(0);
    await scan(page, 'products with safe to promise');
    await shots(page, 'held-checks-redemption-products');
    // At 1024 × 700 the product list still fits its box: no sideways scrolling for the chip.
    await page.setViewportSize(SIZES[1]);
    const overflow = await d.locator('#catalog-table').evaluate((table) => {
      const box = table.parentElement;
      return box === null ? 0 : box.scrollWidth - box.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize(SIZES[0]);
    await d.getByRole('button', { name: 'Tilbake' }).click();
    await atStep(page, 2, 'Kanal');
    // Back on the step, the time typed is kept and read back in the summary later.
    expect(await d.getByLabel('Kl. (norsk tid)').inputValue()).toBe('9.12');
    await d.getByRole('button', { name: 'Avbryt' }).click();
    await d.waitFor({ state: 'detached' });

    // The held order's form has the same field: the same labels, format line, and now.
    const held = await openHeldDialog(page);
    expect(await held.getByLabel('Mottatt dato').inputValue()).toBe('22.01.2027');
    expect(await held.getByLabel('Kl. (norsk tid)').inputValue()).toBe('09:30');
    expect(await held.getByTestId('held-received-help').textContent()).toBe('Dato som dd.mm.åååå, klokkeslett som tt:mm (norsk tid).');
    await held.getByLabel('Mottatt dato').fill('31.02.2027');
    await held.getByRole('button', { name: 'Registrer', exact: true }).click();
    await held.getByTestId('held-received-help').filter({ hasText: 'Skriv datoen som dd.mm.åååå.' }).waitFor();
    expect(await held.getByLabel('Mottatt dato').getAttribute('aria-invalid')).toBe('true');
    await held.getByRole('button', { name: 'Avbryt' }).click();
    expectNoProblems(harness.problems);
  });

  it('2 and 4. L3/L5, B3/B7: by keyboard, the member fills in the sender (label above it); sender, points, the queue ahead and a product not in the launch show at once as warnings; the order is still held, and the page keeps what to tell the customer', async () => {
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    const page = await openAs(harness, 'agent');
    await page.setViewportSize(SIZES[0]);
    const d = await openHeldDialog(page);
    // Keyboard first: the member field has the focus; type, arrow down, Enter.
    expect((await focused(page)).label).toBe('Medlem');
    await page.keyboard.type('100002');
    await page.getByRole('option', { name: '100002 – Kari Hansen' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const sender = d.getByLabel('Avsenders e-post');
    await expect.poll(() => sender.inputValue()).toBe('kari.h@example.no');
    // 4: the label filled programmatically sits above its value, never across it.
    const geometry = (await page.evaluate(`(() => {
      const input = document.querySelector('[data-testid="held-sender"]');
      const label = input.labels[0];
      const l = label.getBoundingClientRect();
      const i = input.getBoundingClientRect();
      return { shrink: label.getAttribute('data-shrink'), labelBottom: l.bottom, textTop: i.top + parseFloat(getComputedStyle(input).paddingTop) };
    })()`)) as { shrink: string; labelBottom: number; textTop: number };
    expect(geometry.shrink).toBe('true');
    expect(geometry.labelBottom).toBeLessThanOrEqual(geometry.textTop);
    await windowShot(page, 'held-checks-sender-filled-1366');
    // Tab goes on in reading order: the sender, the day, the time.
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toBe('Avsenders e-post');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('kari.privat@example.com');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toBe('Mottatt dato');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toBe('Kl. (norsk tid)');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('09:10');

    // The launch product: the menu says what the queue leaves.
    await d.getByRole('combobox', { name: 'Vare' }).click();
    const option = page.getByRole('option', { name: /^Nyhet: Kollagen Pro/ });
    expect(await option.textContent()).toBe(`Nyhet: Kollagen Pro · 1${NBSP}000 poeng · 3 på lager · 2 i kø · 1 kan loves`);
    await option.click();
    await checked(page);
    expect(await d.getByTestId('held-line-0-queue').textContent()).toBe('3 på lager · 2 i kø foran · 1 igjen til denne');
    const warnings = d.getByTestId('held-warnings');
    expect(await warnings.getByRole('listitem').allTextContents()).toEqual([
      'E-posten kom fra kari.privat@example.com, men medlemmet har registrert kari.h@example.no. Vær ekstra nøye med identiteten.',
    ]);

    // Five of them: too few points, and more than the queue ahead leaves.
    await d.getByLabel('Antall').fill('5');
    await expect
      .poll(() => warnings.getByRole('listitem').allTextContents())
      .toEqual([
        'E-posten kom fra kari.privat@example.com, men medlemmet har registrert kari.h@example.no. Vær ekstra nøye med identiteten.',
        `Medlemmet har 4${NBSP}500 poeng, og bestillingen koster 5${NBSP}000 poeng. Medlemmet mangler 500 poeng.`,
        'Nyhet: Kollagen Pro: 3 på lager og 2 i kø foran denne ordren. Det blir 1 igjen til denne ordren, som gjelder 5.',
      ]);
    expect(await squeezed(warnings)).toContain('Ordren kan registreres og beholder plassen i køen, men slik den er nå blir den trolig ikke bestilt kl. 10:00:');
    // A product that is not in the launch, beside it.
    await d.getByRole('button', { name: 'Legg til vare' }).click();
    await d.getByRole('combobox', { name: 'Vare' }).nth(1).click();
    await page.getByRole('option', { name: /^Vitamin D3/ }).click();
    await warnings.getByText('Vitamin D3 er ikke med i dagens lansering. Den kan bestilles nå som en vanlig bestilling; i den holdte ordren venter den til kl. 10:00.').waitFor();
    await checked(page);
    // None of them stops the registration.
    expect(await d.getByTestId('held-refusals').count()).toBe(0);
    await d.getByRole('checkbox', { name: 'Medlemsnummer' }).check();
    await d.getByRole('checkbox', { name: 'E-post' }).check();
    await d.getByLabel('Emne').fill('Kollagen til meg');
    await scan(page, 'held dialog with warnings');
    await shots(page, 'held-checks-warnings');

    // One unit, the launch product only: the sender's warning stays.
    await d.getByRole('button', { name: 'Fjern varelinje 2' }).click();
    await d.getByLabel('Antall').fill('1');
    await expect.poll(() => warnings.getByRole('listitem').count()).toBe(1);
    await d.getByRole('button', { name: 'Registrer', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
    const outcome = page.getByTestId('held-outcome');
    await outcome.getByText('Ordren er registrert som holdt, men gi kunden beskjed:').waitFor();
    expect(await outcome.getByRole('listitem').allTextContents()).toEqual([
      'E-posten kom fra kari.privat@example.com, men medlemmet har registrert kari.h@example.no. Vær ekstra nøye med identiteten.',
    ]);
    await page.getByTestId('held-row-2').waitFor();
    expect(dbValue<string>(harness.ctx, "SELECT email_from FROM held_orders WHERE id = 2")).toBe('kari.privat@example.com');
    await scan(page, 'held orders with the warning kept');
    await shots(page, 'held-checks-registered');

    // 5. The banner's products follow at once: the queue now takes all three.
    await page.getByTestId('launch-products-button').click();
    const panel = page.getByRole('dialog', { name: 'Lanseringsvarer' });
    await expect.poll(() => panel.getByTestId('launch-product-NY-KOLL').textContent(), { timeout: 5_000 }).toBe('Nyhet: Kollagen Pro3 på lager · 3 i kø · ingen kan loves');
    await scan(page, 'banner products with the queue');
    await shots(page, 'held-checks-banner-products');
    await page.keyboard.press('Escape');
    expectNoProblems(harness.problems);
  });

  it('2. L3: an order of no launch product is refused at once in the dialog (not held), and nothing is stored', async () => {
    harness.clock.set(oslo(DAY, '09:30:00', 1));
    const page = await openAs(harness, 'agent');
    await page.setViewportSize(SIZES[0]);
    const d = await openHeldDialog(page);
    await d.getByRole('combobox', { name: 'Medlem' }).fill('100001');
    await page.getByRole('option', { name: '100001 – Bjørn Hansen' }).click();
    await d.getByRole('combobox', { name: 'Vare' }).click();
    await page.getByRole('option', { name: /^Vitamin D3/ }).click();
    await checked(page);
    expect(await d.getByTestId('held-refusals').getByRole('listitem').allTextContents()).toEqual([
      'Ordren kom ikke inn mens lanseringssperren gjaldt, så den skal ikke holdes. Registrer den som en vanlig e-postbestilling.',
    ]);
    await scan(page, 'held dialog refusing');
    await d.getByRole('button', { name: 'Avbryt' }).click();
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM held_orders')).toBe(2);
    expectNoProblems(harness.problems);
  });

  it('3. L3: a received time at or after 10:00 on the launch day is refused on the field at once, and by main with received_after_lockout', async () => {
    harness.clock.set(oslo(DAY, '10:30:00', 1));
    const page = await openAs(harness, 'agent');
    await page.setViewportSize(SIZES[0]);
    const d = await openHeldDialog(page);
    // Now is 10:30: the time it starts with is already after 10:00.
    const help = d.getByTestId('held-received-help');
    const refusal = 'Holdte ordre gjelder bare bestillinger mottatt før kl. 10:00 på lanseringsdagen. Denne kom etter kl. 10:00: registrer den som en vanlig e-postbestilling.';
    expect(await help.textContent()).toBe(refusal);
    expect(await d.getByLabel('Kl. (norsk tid)').getAttribute('aria-invalid')).toBe('true');
    await d.getByLabel('Kl. (norsk tid)').fill('10:00');
    expect(await help.textContent()).toBe(refusal);
    await d.getByRole('combobox', { name: 'Medlem' }).fill('100004');
    await page.getByRole('option', { name: '100004 – Hans Hansen' }).click();
    await d.getByRole('combobox', { name: 'Vare' }).click();
    await page.getByRole('option', { name: /^Nyhet: Kollagen Pro/ }).click();
    await d.getByRole('checkbox', { name: 'Medlemsnummer' }).check();
    await d.getByRole('checkbox', { name: 'Adresse' }).check();
    await checked(page);
    // Not a held order at all: no warnings about one (Hans has opted out), only the refusal on the field.
    expect(await d.getByTestId('held-warnings').count()).toBe(0);
    expect(await d.getByTestId('held-clear').count()).toBe(0);
    await scan(page, 'received after 10:00');
    await shots(page, 'held-checks-after-ten');
    // Registering is refused on the field; nothing is stored.
    await d.getByRole('button', { name: 'Registrer', exact: true }).click();
    expect(await help.textContent()).toBe(refusal);
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM held_orders')).toBe(2);

    // 09:59 was during the lockout: held, registered after 10:00 (L3). Hans has opted out (B3): a warning, not a refusal.
    await d.getByLabel('Kl. (norsk tid)').fill('09:59');
    await help.filter({ hasText: 'Dato som dd.mm.åååå, klokkeslett som tt:mm (norsk tid).' }).waitFor();
    await checked(page);
    await d.getByTestId('held-warnings').getByText('Medlemmet har meldt seg ut av bonusprogrammet.').waitFor();
    expect(await d.getByTestId('held-refusals').count()).toBe(0);

    // Main refuses it whatever a screen sends (the same dialog's session, by the bridge).
    const answer = (await page.evaluate(`window.desk.invoke('heldOrders.register', {
      memberId: ${fx.kari.id},
      email: { from: 'kari.h@example.no', receivedAt: '${oslo(DAY, '10:00:00', 1)}', subject: 'Sent' },
      lines: [{ productId: ${catalog.launchProduct}, quantity: 1 }],
      delivery: 'next_delivery',
      identity: { memberNo: true, address: true, email: false, phone: false },
    })`)) as { ok: boolean; error?: { code: string; details?: Record<string, unknown> } };
    expect(answer).toMatchObject({ ok: false, error: { code: 'received_after_lockout', details: { field: 'email.receivedAt', opensAt: oslo(DAY, '10:00:00', 1) } } });
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM held_orders')).toBe(2);
    await d.getByRole('button', { name: 'Avbryt' }).click();
    expectNoProblems(harness.problems);
  });

  it('5. L5 in English: the banner and the product list say what can be promised', async () => {
    harness.clock.set(oslo(DAY, '09:40:00', 1));
    const page = await openAs(harness, 'agent');
    await page.setViewportSize(SIZES[1]);
    await page.getByRole('button', { name: 'Språk: Norsk' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByTestId('launch-message').filter({ hasText: 'Customer service takes no orders for launch products before 10:00' }).waitFor();
    await page.getByTestId('launch-products-button').click();
    const panel = page.getByRole('dialog', { name: 'Launch products' });
    expect(await panel.getByTestId('launch-product-NY-KOLL').textContent()).toBe('Nyhet: Kollagen Pro3 in stock · 3 queued · none can be promised');
    await scan(page, 'English banner products');
    await windowShot(page, 'held-checks-banner-products-en-1024');
    await page.keyboard.press('Escape');
    expectNoProblems(harness.problems);
  });
});
