import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connection } from '../../main/desk.js';
import { RemoteConnection } from '../../main/app/remote.js';
import { chooseServer } from '../../main/app/server-choice.js';
import { serveDesk, type ServedDesk } from '../../main/testing/served-desk.js';
import { testDesk, testPassword, type TestDesk } from '../../main/testing/test-desk.js';
import { focused } from './redemption-steps.js';
import { describeWithBrowser, startHarness, VIEWPORT, type Harness } from './harness.js';
import { expectNoProblems, signIn, waitForShell } from './steps.js';

/**
 * The first-start screen's third choice (issue 11): connect the desktop app to the centre's
 * desk server. The page gets what the Electron preload gives it — `window.desk.invoke` and
 * `window.desk.connectServer` — and behind them runs main's own code (main/app/server-choice.ts,
 * main/app/remote.ts) against a REAL desk server on 127.0.0.1: the address is checked, the
 * server's health is asked, and the window reloads onto the server, at its sign-in. A browser
 * (no `connectServer`) is not offered the choice: it is already on its server.
 */

interface Desktop {
  page: Page;
  context: BrowserContext;
  /** Addresses main saved (settings.json in the app). */
  saved: string[];
  problems: string[];
  /** Main moved the window to a server: it reloads the page now (the test says when, so it can look first). */
  reloadOntoServer(): Promise<void>;
}

describeWithBrowser('first start: connect to the centre’s desk server', () => {
  let harness: Harness;
  let centre: TestDesk;
  let served: ServedDesk;
  let deadUrl = '';

  beforeAll(async () => {
    harness = await startHarness();
    centre = await testDesk();
    served = await serveDesk(centre.desk);
    const gone = await serveDesk(centre.desk);
    deadUrl = gone.url;
    await gone.close();
  });
  afterAll(async () => {
    await served?.close();
    centre?.close();
    await harness?.close();
  });

  /** A window as the desktop app makes it: its calls go to `start` until main moves it to a server. */
  async function openDesktop(start: () => Connection): Promise<Desktop> {
    const context = await harness.browser.newContext({ timezoneId: 'Europe/Oslo', locale: 'nb-NO', viewport: VIEWPORT, reducedMotion: 'reduce' });
    const saved: string[] = [];
    const problems: string[] = [];
    let make = start;
    let connection = make();
    let switched = false;
    await context.exposeFunction('__deskInvoke', (channel: unknown, input: unknown) => connection.invoke(channel, input));
    await context.exposeFunction('__deskConnectServer', (address: unknown) =>
      chooseServer(String(address), {
        current: make,
        save: (url) => void saved.push(url),
        switchTo: async (url) => {
          await connection.end();
          make = () => new RemoteConnection({ url });
          connection = make();
          switched = true;
        },
      }),
    );
    await context.addInitScript({
      content: `Object.defineProperty(window, 'desk', { value: Object.freeze({
        invoke: (channel, input) => window.__deskInvoke(channel, input),
        connectServer: (address) => window.__deskConnectServer(address),
      }) });`,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(harness.baseUrl);
    return {
      page,
      context,
      saved,
      problems,
      // What main does next (setImmediate, then webContents.reload): the window starts again, at the server's sign-in.
      async reloadOntoServer() {
        expect(switched).toBe(true);
        await page.reload();
      },
    };
  }

  it('offers the server beside demo and empty; a wrong address is explained; the right one moves the window to the server’s sign-in', async () => {
    const desktop = await openDesktop(() => harness.desk.connect());
    const { page, context, saved, problems } = desktop;
    try {
      await page.getByRole('heading', { name: 'Velkommen til Bonusdesk' }).waitFor();
      for (const name of ['Åpne demoskrivebordet', 'Opprett tomt skrivebord', 'Koble til senterets skrivebordsserver']) {
        expect(await page.getByRole('button', { name }).isVisible(), name).toBe(true);
      }
      await harness.screenshot(page, 'welcome-with-server');

      await page.getByRole('button', { name: 'Koble til senterets skrivebordsserver' }).click();
      await page.getByRole('heading', { name: 'Senterets skrivebordsserver' }).waitFor();
      // The address field has the focus: the agent types at once, and Enter connects.
      const field = page.getByRole('textbox', { name: 'Serveradresse' });
      await expect.poll(async () => (await focused(page)).label).toMatch(/^Serveradresse/);
      await page.keyboard.press('Enter');
      await page.getByText('Skriv inn adressen til serveren.').waitFor();

      await page.keyboard.type('http://bonus.senteret.no');
      await page.keyboard.press('Enter');
      await page.getByText('En server på en annen maskin må bruke https://', { exact: false }).waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await harness.screenshot(page, 'server-address-insecure');

      await field.fill(deadUrl);
      await page.keyboard.press('Enter');
      await page.getByText('Fikk ikke kontakt med noen server på den adressen', { exact: false }).waitFor();
      expect(saved).toEqual([]);

      // The first-start screen is still there to go back to.
      await page.getByRole('button', { name: 'Tilbake' }).click();
      await page.getByRole('heading', { name: 'Velkommen til Bonusdesk' }).waitFor();
      await page.getByRole('button', { name: 'Koble til senterets skrivebordsserver' }).click();

      await page.getByRole('textbox', { name: 'Serveradresse' }).fill(`${served.url}/`);
      await page.keyboard.press('Enter');
      await page.getByText(`Koblet til ${served.url}.`, { exact: false }).waitFor();
      expect(await field.isDisabled()).toBe(true);
      await harness.screenshot(page, 'server-connected');
      expect(saved).toEqual([served.url]);

      // Reloaded onto the server: its desk is set up, so sign-in comes next, with the server's users.
      await desktop.reloadOntoServer();
      await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
      await harness.screenshot(page, 'server-sign-in');
      await signIn(page, 'agent', testPassword('agent'));
      await waitForShell(page);
      expect(await page.getByTestId('signed-in-user').textContent()).toContain('Test agent');
      // The page never held the session: no cookie for the page's own origin.
      expect(await context.cookies()).toEqual([]);
      expectNoProblems(problems);
    } finally {
      await context.close();
    }
  });

  it('a desk whose server cannot be reached at start may be given a new address', async () => {
    const desktop = await openDesktop(() => new RemoteConnection({ url: deadUrl }));
    const { page, context, saved, problems } = desktop;
    try {
      await page.getByText('Får ikke kontakt med skrivebordsserveren', { exact: false }).first().waitFor();
      await page.getByRole('button', { name: 'Endre serveradressen' }).click();
      await page.getByRole('textbox', { name: 'Serveradresse' }).fill(served.url);
      await harness.screenshot(page, 'startup-server-unreachable');
      await page.keyboard.press('Enter');
      await page.getByText(`Koblet til ${served.url}.`, { exact: false }).waitFor();
      expect(saved).toEqual([served.url]);
      await desktop.reloadOntoServer();
      await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
      // The console's failed-resource lines are the page's own calls meeting the dead server.
      expectNoProblems(problems.filter((p) => !p.includes('Failed to load resource')));
    } finally {
      await context.close();
    }
  });

  it('a browser, already on its server, is offered only demo and empty', async () => {
    const page = await harness.openApp();
    await page.getByRole('heading', { name: 'Velkommen til Bonusdesk' }).waitFor();
    expect(await page.getByRole('button', { name: 'Åpne demoskrivebordet' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Koble til senterets skrivebordsserver' }).count()).toBe(0);
    expectNoProblems(harness.problems);
  });
});
