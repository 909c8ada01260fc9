/**
 * B2 at the desk: a supervisor picks an earnings file; bad lines are listed with their line
 * number and reason, good lines wait for the monthly run, and the same file twice is refused
 * plainly with when and as what it came in.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addEarningTable, addFixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection } from './launch-helpers.js';
import { expectNoProblems, norwegianPoints } from './steps.js';

/** A header, two good lines and one bad line of each kind the parser and the lookups know. */
const FILE = [
  'medlemsnr;varekode;antall;leveringsdato',
  '100001;KASSE-M;2;05.11.2026',
  '100002;TILLEGG;x;2026-11-06',
  '999999;KASSE-M;1;2026-11-06',
  '100001;UKJENT;1;2026-11-06',
  '100004;KASSE-M;1;2026-11-06',
  '100002;TILLEGG;3;2026-12-24',
  '100002;TILLEGG;3',
  '100003;TILLEGG;4;31.02.2026',
  'ABC;TILLEGG;1;2026-11-06',
  '100002;TILLEGG;5;2026-11-10',
  '',
].join('\r\n');

describeWithBrowser('earnings files (B2)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      setup: ({ ctx }) => {
        addFixtures(ctx);
        addEarningTable(ctx);
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lists the bad lines by number and reason, books the good ones, and refuses the same file a second time', async () => {
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Opptjeningsfiler');
    expect(await page.getByTestId('earnings-files').textContent()).toContain('Ingen filer er importert ennå.');
    expect(await page.getByRole('button', { name: 'Importer' }).isDisabled()).toBe(true);

    await page.getByTestId('earnings-file').setInputFiles({ name: 'opptjening-2026-11.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${FILE}`, 'utf8') });
    expect(await page.getByTestId('earnings-chosen').textContent()).toBe('Valgt fil: opptjening-2026-11.csv');
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByTestId('earnings-result').waitFor();

    expect(await page.getByTestId('earnings-total').textContent()).toContain('10');
    expect(await page.getByTestId('earnings-accepted').textContent()).toContain('2');
    expect(await page.getByTestId('earnings-rejected').textContent()).toContain('8');
    // 2 × 250 + 5 × 40
    expect(await page.getByTestId('earnings-points').textContent()).toContain('700');

    const rows = await page
      .getByTestId('earnings-rejections')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(rows).toEqual([
      ['3', 'Ugyldig antall'],
      ['4', 'Ukjent medlem'],
      ['5', 'Ukjent varekode'],
      ['6', 'Medlemmet har meldt seg ut'],
      ['7', 'Leveringsdatoen er fram i tid'],
      ['8', 'Feil antall kolonner (skal være fire)'],
      ['9', 'Ugyldig dato'],
      ['10', 'Ugyldig medlemsnummer'],
    ]);
    await page.getByTestId('earnings-files').getByRole('cell', { name: 'opptjening-2026-11.csv' }).waitFor();
    await harness.screenshot(page, 'earnings-import-result');

    // The same content under another name: refused, with when and as what it came in.
    await page.getByTestId('earnings-file').setInputFiles({ name: 'kopi.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${FILE}`, 'utf8') });
    await page.getByRole('button', { name: 'Importer' }).click();
    const error = page.getByTestId('earnings-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Denne filen er allerede importert 21.11.2026 kl. 10:30 som «opptjening-2026-11.csv». Ingenting ble bokført på nytt.');
    expect(await page.getByTestId('earnings-files').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('earnings-files').textContent()).toContain(norwegianPoints(700));
    await harness.screenshot(page, 'earnings-import-duplicate');
    expectNoProblems(harness.problems);
  });

  it('agents do not see the screen', async () => {
    const page = await openAs(harness, 'agent');
    expect(await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('button', { name: 'Opptjeningsfiler' }).count()).toBe(0);
    expectNoProblems(harness.problems);
  });
});
