import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ServiceContext } from '../../main/services/context.js';
import { cancelSubscription, enrolMember } from '../../main/services/lifecycle.js';
import { addFixtures, FIXTURE_PASSWORD, type Fixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { expectNoProblems, signIn, textOf, waitForShell } from './steps.js';

/**
 * Issue 12 "Search that keeps up", the result list: it says how many members match (exact, or
 * "more than 1 000"), ranks an active namesake above a cancelled one, shows state, place and the
 * phone's last digits on each row, wraps a long name instead of cutting it, and the focus is in
 * the search box after sign-in and after closing a member.
 */

const SEARCH = { name: 'Søk etter medlem' } as const;

async function resultIds(page: Page): Promise<number[]> {
  return page.$$eval('[role=option][data-member-id]', (rows) => rows.map((r) => Number(r.getAttribute('data-member-id'))));
}

async function typeSearch(page: Page, query: string): Promise<void> {
  const field = page.getByRole('combobox', SEARCH);
  await field.fill('');
  await field.pressSequentially(query, { delay: 15 });
}

async function searchHasFocus(page: Page): Promise<boolean> {
  return (await page.evaluate('document.activeElement?.getAttribute("aria-label")')) === 'Søk etter medlem';
}

function row(page: Page, id: number) {
  return page.locator(`[role=option][data-member-id="${id}"]`);
}

interface Extra {
  cancelledTurid: number;
  activeTurid: number;
  longName: number;
}

let memberNo = 300_000;
async function enrol(ctx: ServiceContext, firstName: string, lastName: string, more: { phone?: string; postcode?: string; city?: string } = {}) {
  memberNo += 1;
  return await enrolMember(ctx, { memberNo, firstName, lastName, plan: 'Månedskasse', startedOn: '2023-01-15', nextDeliveryOn: '2026-12-03', ...more });
}

async function addExtra(ctx: ServiceContext): Promise<Extra> {
  // The cancelled namesake was enrolled first (lower member number and id), so member-id order would show it first.
  const cancelled = await enrol(ctx, 'Turid', 'Lysaker', { phone: '41112233', postcode: '1366', city: 'Lysaker' });
  await cancelSubscription(ctx, cancelled.subscriptionId, '2026-09-30');
  const active = await enrol(ctx, 'Turid', 'Lysaker', { phone: '+4795554321', postcode: '5003', city: 'Bergen' });
  const longName = await enrol(ctx, 'Anne-Marie Kristine Elisabeth', 'Wergeland-Lysaker Christophersen', { postcode: '9990', city: 'Båtsfjord' });
  // 1 005 namesakes: more than the count goes to.
  await ctx.store.transaction(async () => {
    for (let i = 0; i < 1_005; i++) await enrol(ctx, `Ola${i}`, 'Mangeby');
  });
  return { cancelledTurid: cancelled.memberId, activeTurid: active.memberId, longName: longName.memberId };
}

describeWithBrowser('the member search result list (issue 12)', () => {
  let harness: Harness;
  let fx: Fixtures;
  let extra: Extra;
  let page: Page;
  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        fx = await addFixtures(ctx);
        extra = await addExtra(ctx);
      },
    });
    page = await harness.openApp();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('after sign-in the focus is in the search box (the name can be typed at once); the count says how many match', async () => {
    await signIn(page, 'agent', FIXTURE_PASSWORD);
    await waitForShell(page);
    // No Ctrl+K, no click: typing goes straight into the search (the skip link stays first, see accessibility.test.ts).
    await expect.poll(() => searchHasFocus(page)).toBe(true);
    await page.keyboard.type('hansen');
    await expect.poll(() => resultIds(page)).toEqual([fx.bjorn.id, fx.kari.id, fx.hans.id]);
    expect(await page.getByRole('status').filter({ hasText: 'treff' }).textContent()).toBe('3 treff');
    expectNoProblems(harness.problems);
  });

  it('says "more than 1 000" when counting would be slow, and the exact number otherwise', async () => {
    await typeSearch(page, 'mangeby');
    const status = page.getByRole('status').filter({ hasText: 'treff' });
    await expect.poll(() => status.textContent()).toBe('Flere enn 1\u00a0000 treff · Viser de 25 første. Skriv mer for å snevre inn.');
    expect(await resultIds(page)).toHaveLength(25);
    // Ola1, Ola10–Ola19, Ola100–Ola199, Ola1000–Ola1004: 116 match, 25 shown.
    await typeSearch(page, 'ola1 mangeby');
    await expect.poll(() => status.textContent()).toBe('116 treff · Viser de 25 første. Skriv mer for å snevre inn.');
    expect(await row(page, (await resultIds(page))[0] ?? 0).textContent()).toContain('Ola1 Mangeby');
    expectNoProblems(harness.problems);
  });

  it('an active namesake ranks above a cancelled one; each row shows state, place and the last digits of the phone', async () => {
    await typeSearch(page, 'turid lysaker');
    await expect.poll(() => resultIds(page)).toEqual([extra.activeTurid, extra.cancelledTurid]);
    expect(await page.getByRole('status').filter({ hasText: 'treff' }).textContent()).toBe('2 treff');
    const active = row(page, extra.activeTurid);
    const cancelled = row(page, extra.cancelledTurid);
    expect(await active.getByTestId('hit-state').textContent()).toBe('Aktiv');
    expect(await cancelled.getByTestId('hit-state').textContent()).toBe('Oppsagt');
    expect(await active.getByTestId('hit-place').textContent()).toBe('5003 Bergen');
    expect(await cancelled.getByTestId('hit-place').textContent()).toBe('1366 Lysaker');
    // The last 5 digits, grouped as in "+47 955 54 321"; read out as "telefon slutter på 54 321".
    expect(await active.getByTestId('hit-phone').locator('[aria-hidden=true]').textContent()).toBe('…54 321');
    expect(await cancelled.getByTestId('hit-phone').locator('[aria-hidden=true]').textContent()).toBe('…12 233');
    expect(await active.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('option', { name: /Turid Lysaker.*telefon slutter på 12 233/ }).waitFor();
    await page.setViewportSize({ width: 1366, height: 768 });
    await harness.screenshot(page, 'search-results-namesakes-1366');
    expectNoProblems(harness.problems);
  });

  it('a long name wraps (its row grows past two lines) and is never cut, at 1366×768 and 1024×700', async () => {
    await typeSearch(page, 'lysaker');
    await expect.poll(() => resultIds(page)).toContain(extra.longName);
    const name = row(page, extra.longName).locator('[data-cell=name]');
    for (const viewport of [{ width: 1366, height: 768 }, { width: 1024, height: 700 }]) {
      await page.setViewportSize(viewport);
      await expect.poll(() => name.textContent()).toBe('Anne-Marie Kristine Elisabeth Wergeland-Lysaker Christophersen');
      const fits = await page.evaluate(`(() => {
        const el = document.querySelector('[data-member-id="${extra.longName}"] [data-cell=name]');
        return { cut: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight, ellipsis: getComputedStyle(el).textOverflow };
      })()`);
      expect(fits, `${viewport.width}`).toEqual({ cut: false, ellipsis: 'clip' });
      await harness.screenshot(page, `search-results-${viewport.width}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    expectNoProblems(harness.problems);
  });

  it('after closing a member (Escape, or the back button) the focus is back in the search box', async () => {
    await typeSearch(page, 'turid lysaker');
    await expect.poll(() => resultIds(page)).toEqual([extra.activeTurid, extra.cancelledTurid]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Turid Lysaker' }).waitFor();
    expect(await textOf(page, 'member-balance')).toBe('0');
    // Somewhere on the member page, not in the search box.
    await page.getByRole('main').focus();
    expect(await searchHasFocus(page)).toBe(false);
    await page.keyboard.press('Escape');
    await expect.poll(() => resultIds(page)).toEqual([extra.activeTurid, extra.cancelledTurid]);
    await expect.poll(() => searchHasFocus(page)).toBe(true);

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Turid Lysaker' }).waitFor();
    await page.getByRole('button', { name: /Tilbake til søket/ }).click();
    await expect.poll(() => resultIds(page)).toEqual([extra.activeTurid, extra.cancelledTurid]);
    await expect.poll(() => searchHasFocus(page)).toBe(true);
    expect(await page.getByRole('combobox', SEARCH).getAttribute('aria-activedescendant')).toBe(`member-option-${extra.cancelledTurid}`);
    expectNoProblems(harness.problems);
  });
});
