/**
 * Issue 13, "Catalog and earning table", in real browsers over the real desk server: a supervisor
 * adds a bonus product, adjusts its stock with a reason and reads its stock history (B4); an
 * agent's redemption dialog, open on another desk, shows the new product and its stock without a
 * reload (L5: `stock` events); the product is marked for a planned launch; the earning table (B2)
 * gets a new code and one ends; managers read both pages and change nothing.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../main/services/auth.js';
import { addCatalogFixtures, addEarningTable, addFixtures, addLaunchFixture, dbValue, FIXTURE_PASSWORD, type CatalogFixtures, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
import { atStep, dialog, fitsWidth, openMember, squeezed, windowShot } from './redemption-steps.js';
import { expectNoProblems } from './steps.js';

/** The window size the issue asks the screens to be checked at. */
const WINDOW = { width: 1366, height: 768 };

describeWithBrowser('catalog and earning table (issue 13)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let catalog: CatalogFixtures;
  let launchId = 0;

  beforeAll(async () => {
    harness = await startHarness({
      transport: 'server',
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        catalog = addCatalogFixtures(ctx);
        addEarningTable(ctx);
        await createUser(ctx, { username: 'maja', displayName: 'Maja Leder', role: 'manager', password: FIXTURE_PASSWORD });
        launchId = await addLaunchFixture(ctx, { launchOn: '2026-12-10', name: 'Julenyheter', productIds: [catalog.launchProduct] });
      },
    });
  });
  afterEach(async () => {
    for (const context of harness?.browser.contexts() ?? []) await context.close().catch(() => undefined);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const desk = async (username: string): Promise<Page> => {
    const page = await openAs(harness, username);
    await page.setViewportSize(WINDOW);
    return page;
  };
  const row = (page: Page, sku: string) => page.getByTestId(`catalog-row-${sku}`);

  it('B4: a supervisor adds a product and adjusts its stock with a reason; the stock history shows it; an agent’s open redemption dialog shows the product live', async () => {
    // The agent is on a call, in the product step of a redemption, before the product exists.
    const anne = await desk('agent');
    await openMember(anne, fx.bjorn.memberNo, 'Bjørn Hansen');
    await anne.getByRole('button', { name: /Registrer innløsning/ }).click();
    await atStep(anne, 1, 'Identitet');
    const d = dialog(anne);
    await d.getByLabel('Medlemsnummer').check();
    await d.getByLabel('Adresse').check();
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(anne, 2, 'Kanal');
    await d.getByRole('button', { name: 'Neste' }).click();
    await atStep(anne, 3, 'Produkter');
    expect(await d.getByTestId('product-BP-2001').count()).toBe(0);

    const sara = await desk('sara');
    await openSection(sara, 'Bonuskatalog');
    await row(sara, 'VIT-D3').waitFor();
    expect(await squeezed(row(sara, 'NY-KOLL'))).toBe('NY-KOLL Nyhet: Kollagen Pro 1\u00a0000 1 Tilgjengelig Julenyheter 10.12.2026');
    await fitsWidth(sara);
    await harness.screenshot(sara, 'catalog-list');

    // A new product: an article number already used is refused, and the dialog says by which product.
    await sara.getByRole('button', { name: 'Nytt produkt' }).click();
    const create = sara.getByRole('dialog', { name: 'Nytt bonusprodukt' });
    await create.getByLabel('Varenr.').fill('vit-d3');
    await create.getByLabel('Navn').fill('Ullsokker');
    await create.getByLabel('Beskrivelse').fill('Varme sokker i merinoull, str. 40–45');
    await create.getByLabel('Poengpris').fill('1 800');
    expect(await create.getByLabel('Startbeholdning').inputValue()).toBe('0');
    // The planned launches can be picked ("mark for a launch"); this product is for sale at once.
    await create.getByRole('combobox', { name: 'Lansering' }).click();
    await sara.getByRole('option', { name: 'Julenyheter (10.12.2026)' }).waitFor();
    await sara.getByRole('option', { name: 'Ingen' }).click();
    await create.getByRole('button', { name: 'Lagre' }).click();
    expect(await create.getByTestId('product-dialog-error').textContent()).toBe('Varenummeret VIT-D3 er allerede brukt av Vitamin D3. Velg et annet varenummer.');
    await create.getByLabel('Varenr.').fill('BP-2001');
    await windowShot(sara, 'catalog-new-product');
    await create.getByRole('button', { name: 'Lagre' }).click();
    await create.waitFor({ state: 'detached' });
    await sara.getByText('Ullsokker er lagt til i katalogen.').waitFor();
    // No stock yet: sold out, here and (live, over the event stream) in the agent's open dialog.
    await expect.poll(() => squeezed(row(sara, 'BP-2001'))).toContain('BP-2001 Ullsokker Varme sokker i merinoull, str. 40–45 1\u00a0800 0 Utsolgt Ingen');
    await d.getByTestId('product-BP-2001').waitFor();
    expect(await squeezed(d.getByTestId('product-BP-2001'))).toContain('Utsolgt');

    // Goods received: +25 with a reason; the dialog shows the new stock before it is saved.
    await sara.getByRole('button', { name: 'Juster lager for Ullsokker' }).click();
    const adjust = sara.getByRole('dialog', { name: 'Juster lager' });
    expect(await adjust.textContent()).toContain('Ullsokker (BP-2001) har 0 på lager nå.');
    // The change field has the focus: a taking-out of more than is there is refused before it is sent.
    await sara.keyboard.type('-3');
    await sara.keyboard.press('Tab');
    await sara.keyboard.type('Telling');
    await adjust.getByRole('button', { name: 'Juster lageret' }).click();
    await adjust.getByText('Det er bare 0 på lager.').waitFor();
    await adjust.getByLabel('Endring').fill('+25');
    await adjust.getByLabel('Begrunnelse').fill('Varemottak fra leverandør, pakkseddel 4471');
    expect(await adjust.getByTestId('stock-after').textContent()).toBe('Ny beholdning: 25');
    await windowShot(sara, 'catalog-adjust-stock');
    await adjust.getByRole('button', { name: 'Juster lageret' }).click();
    await adjust.waitFor({ state: 'detached' });
    await sara.getByText('Lageret for Ullsokker er nå 25.').waitFor();
    await expect.poll(() => squeezed(row(sara, 'BP-2001'))).toContain('1\u00a0800 25 Tilgjengelig');

    // The agent's open product list has the stock at once (L5), and the product can be picked.
    await expect.poll(() => squeezed(d.getByTestId('product-BP-2001'))).toContain('25');
    const agentLine = await squeezed(d.getByTestId('product-BP-2001'));
    expect(agentLine).toContain('Ullsokker');
    expect(agentLine).toContain('1\u00a0800');
    expect(agentLine).not.toContain('Utsolgt');
    expect(await d.getByTestId('product-BP-2001').getByRole('spinbutton').isDisabled()).toBe(false);
    await windowShot(anne, 'catalog-agent-sees-new-product');

    // A second adjustment, then the history: newest first, with the reasons, who and the stock after.
    await sara.getByRole('button', { name: 'Juster lager for Ullsokker' }).click();
    await adjust.getByLabel('Endring').fill('−2');
    await adjust.getByLabel('Begrunnelse').fill('To par med feil i strikken sendt i retur');
    await adjust.getByRole('button', { name: 'Juster lageret' }).click();
    await adjust.waitFor({ state: 'detached' });
    await sara.getByRole('button', { name: 'Lagerhistorikk for Ullsokker' }).click();
    const history = sara.getByRole('dialog', { name: 'Lagerhistorikk: Ullsokker' });
    await history.getByTestId('stock-history').locator('tbody tr').nth(1).waitFor();
    const lines = await history.getByTestId('stock-history').locator('tbody tr').allInnerTexts();
    expect(lines.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      '21.11.2026 kl. 10:30 \u22122 23 To par med feil i strikken sendt i retur Sara Svendsen',
      '21.11.2026 kl. 10:30 +25 25 Varemottak fra leverandør, pakkseddel 4471 Sara Svendsen',
    ]);
    await windowShot(sara, 'catalog-stock-history');
    await history.getByRole('button', { name: 'Lukk' }).click();
    await history.waitFor({ state: 'detached' });

    // What is stored: the stock, its history, one audit row per write.
    const productId = dbValue<number>(harness.ctx, "SELECT id FROM bonus_products WHERE sku = 'BP-2001'");
    expect(dbValue<number>(harness.ctx, 'SELECT stock FROM bonus_products WHERE id = ?', productId)).toBe(23);
    expect(dbValue<number>(harness.ctx, 'SELECT count(*) FROM stock_adjustments WHERE product_id = ?', productId)).toBe(2);
    expect(dbValue<number>(harness.ctx, "SELECT count(*) FROM audit_log WHERE action LIKE 'catalog.%'")).toBe(3);
    const found = await seriousViolations(sara);
    expect(found, found.join('\n')).toEqual([]);
    expectNoProblems(harness.problems);
  });

  it('B4: a product is marked for a planned launch from its dialog; the catalog shows the launch and the launch lists the product', async () => {
    const sara = await desk('sara');
    await openSection(sara, 'Bonuskatalog');
    await sara.getByRole('button', { name: 'Endre Vitamin D3' }).click();
    const edit = sara.getByRole('dialog', { name: 'Endre Vitamin D3' });
    await edit.getByLabel('Poengpris').fill('550');
    await edit.getByRole('combobox', { name: 'Lansering' }).click();
    await sara.getByRole('option', { name: 'Julenyheter (10.12.2026)' }).click();
    await edit.getByLabel('Begrunnelse for endringen (valgfri)').fill('Ny pakning til jul');
    await windowShot(sara, 'catalog-edit-product');
    await edit.getByRole('button', { name: 'Lagre' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => squeezed(row(sara, 'VIT-D3'))).toContain('550 50 Tilgjengelig Julenyheter 10.12.2026');
    const launchProducts = dbValue<string>(harness.ctx, 'SELECT group_concat(product_id) FROM launch_products WHERE launch_id = ? ORDER BY product_id', launchId);
    expect(launchProducts.split(',').map(Number).sort((a, b) => a - b)).toEqual([catalog.launchProduct, catalog.plainProduct].sort((a, b) => a - b));
    expectNoProblems(harness.problems);
  });

  it('B2: a supervisor adds a code to the earning table and ends another; the table says where each stands', async () => {
    const sara = await desk('sara');
    await openSection(sara, 'Opptjeningstabell');
    await sara.getByTestId('earning-row-KASSE-M').waitFor();
    await sara.getByRole('button', { name: 'Ny varekode' }).click();
    const create = sara.getByRole('dialog', { name: 'Ny varekode' });
    expect(await create.getByLabel('Gir poeng fra').inputValue()).toBe('21.11.2026');
    await create.getByLabel('Varekode').fill('ULL-SOKK');
    await create.getByLabel('Navn').fill('Ullsokker');
    await create.getByLabel('Poeng per enhet').fill('120');
    await create.getByLabel('Gir poeng fra').fill('01.12.2026');
    await windowShot(sara, 'earning-table-new-code');
    await create.getByRole('button', { name: 'Lagre' }).click();
    await create.waitFor({ state: 'detached' });
    expect(await squeezed(sara.getByTestId('earning-row-ULL-SOKK'))).toBe('ULL-SOKK Ullsokker 120 01.12.2026 Ingen sluttdato Fra 01.12.2026');

    await sara.getByRole('button', { name: 'Endre TILLEGG' }).click();
    const edit = sara.getByRole('dialog', { name: 'Endre TILLEGG' });
    await edit.getByLabel('Gir poeng til og med').fill('31.10.2026');
    await edit.getByLabel('Begrunnelse for endringen (valgfri)').fill('Varen er tatt ut av sortimentet');
    expect(await edit.getByRole('switch', { name: 'Gir poeng' }).isChecked()).toBe(true);
    await windowShot(sara, 'earning-table-edit-code');
    await edit.getByRole('button', { name: 'Lagre' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => squeezed(sara.getByTestId('earning-row-TILLEGG'))).toContain('31.10.2026 Avsluttet 31.10.2026');
    await fitsWidth(sara);
    await harness.screenshot(sara, 'earning-table');
    expect(dbValue<string>(harness.ctx, "SELECT active_to FROM earning_products WHERE code = 'TILLEGG'")).toBe('2026-10-31');
    const found = await seriousViolations(sara);
    expect(found, found.join('\n')).toEqual([]);
    expectNoProblems(harness.problems);
  });

  it('managers read the catalog, its stock history and the earning table, and change nothing', async () => {
    const maja = await desk('maja');
    await openSection(maja, 'Bonuskatalog');
    await row(maja, 'BP-2001').waitFor();
    expect(await maja.getByTestId('catalog-read-only').textContent()).toBe('Bare lesing. Du ser katalogen og lagerhistorikken, men bare teamledere endrer den.');
    for (const name of ['Nytt produkt', 'Endre', 'Juster lager']) expect(await maja.getByRole('main').getByRole('button', { name: new RegExp(`^${name}`) }).count(), name).toBe(0);
    await maja.getByRole('button', { name: 'Lagerhistorikk for Ullsokker' }).click();
    await maja.getByRole('dialog', { name: 'Lagerhistorikk: Ullsokker' }).getByText('Varemottak fra leverandør, pakkseddel 4471').waitFor();
    await maja.getByRole('button', { name: 'Lukk' }).click();
    await openSection(maja, 'Opptjeningstabell');
    await maja.getByTestId('earning-row-ULL-SOKK').waitFor();
    expect(await maja.getByRole('button', { name: 'Ny varekode' }).count()).toBe(0);
    expect(await maja.getByRole('columnheader', { name: 'Handlinger' }).count()).toBe(0);
    await harness.screenshot(maja, 'catalog-manager-earning-table');
    expectNoProblems(harness.problems);
  });
});
