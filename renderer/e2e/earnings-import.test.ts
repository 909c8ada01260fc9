/**
 * B2 at the desk: a supervisor picks an earnings file; bad lines are listed with their line
 * number and reason, good lines wait for the monthly run, and the same file twice is refused
 * plainly with when and as what it came in.
 */
import { sqliteConnection } from '../../main/db/sqlite-store.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importEarnings } from '../../main/services/earnings.js';
import { addEarningTable, addFixtures } from './fixtures.js';
import { describeWithBrowser, startHarness, type Harness } from './harness.js';
import { openAs, openSection, seriousViolations } from './launch-helpers.js';
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
      setup: async ({ ctx }) => {
        await addFixtures(ctx);
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
    expect(await page.getByRole('button', { name: 'Kontroller fil' }).isDisabled()).toBe(true);

    await page.getByTestId('earnings-file').setInputFiles({ name: 'opptjening-2026-11.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${FILE}`, 'utf8') });
    expect(await page.getByTestId('earnings-chosen').textContent()).toBe('Valgt fil: opptjening-2026-11.csv');
    // B2: checked first (nothing stored), then imported.
    await page.getByRole('button', { name: 'Kontroller fil' }).click();
    await page.getByTestId('earnings-preview').waitFor();
    expect(await page.getByTestId('earnings-files').textContent()).toContain('Ingen filer er importert ennå.');
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
    await page.getByRole('button', { name: 'Kontroller fil' }).click();
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

/**
 * B2: a file whose lines repeat rows — one booked before in uke-45.csv, one an earlier line of
 * the same file — is checked first; the supervisor keeps or drops each repeat (by keyboard), and
 * only then can the file be imported; what is stored follows the decisions.
 */
const WEEK_46 = [
  'medlemsnr,varekode,antall,leveringsdato',
  '100001,KASSE-M,2,05.11.2026', // repeats line 1 of uke-45.csv (other delimiter and date form)
  '100003,TILLEGG,1,2026-11-12',
  '100003,TILLEGG,1,2026-11-12', // repeats line 3
  '100002,TILLEGG,3,2026-11-06', // repeats line 2 of uke-45.csv
  '100002,UTGATT,1,2026-11-12', // in the earning table, no longer earns
  '',
].join('\n');

describeWithBrowser('earnings files: repeated rows (B2)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      setup: async ({ ctx }) => {
        await addFixtures(ctx);
        addEarningTable(ctx);
        sqliteConnection(ctx.store).prepare("INSERT INTO earning_products (code, name, points_per_unit, active) VALUES ('UTGATT', 'Utgått vare', 90, 0)").run();
        await importEarnings(ctx, { fileName: 'uke-45.csv', content: '100001;KASSE-M;2;2026-11-05\n100002;TILLEGG;3;2026-11-06\n' });
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('B2: shows each repeated line with what it repeats, lets the supervisor keep or drop each by keyboard, and stores what was decided', async () => {
    const page = await openAs(harness, 'sara');
    await openSection(page, 'Opptjeningsfiler');
    await page.getByTestId('earnings-file').setInputFiles({ name: 'uke-46.csv', mimeType: 'text/csv', buffer: Buffer.from(WEEK_46, 'utf8') });
    await page.getByRole('button', { name: 'Kontroller fil' }).click();
    await page.getByTestId('earnings-preview').waitFor();

    expect(await page.getByTestId('earnings-repeated').textContent()).toContain('3');
    expect(await page.getByTestId('earnings-accepted').textContent()).toContain('1');
    const repeats = await page
      .getByTestId('earnings-repeats')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
    expect(repeats).toEqual([
      ['2', '100001;KASSE-M;2;2026-11-05', 'linje 1 i «uke-45.csv», importert 21.11.2026 kl. 10:30'],
      ['4', '100003;TILLEGG;1;2026-11-12', 'linje 3 i denne filen'],
      ['5', '100002;TILLEGG;3;2026-11-06', 'linje 2 i «uke-45.csv», importert 21.11.2026 kl. 10:30'],
    ]);
    const rejections = await page
      .getByTestId('earnings-rejections')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(rejections).toEqual([['6', 'Varen gir ikke lenger poeng']]);

    // Nothing can be imported before every repeat is decided.
    const importButton = page.getByRole('button', { name: 'Importer' });
    expect(await importButton.isDisabled()).toBe(true);
    expect(await page.getByTestId('earnings-undecided').textContent()).toBe('Gjentatte linjer som ikke er avgjort: 3');

    // Keyboard: Space picks "Behold" on line 2, the arrow moves the choice to "Dropp";
    // Tab goes on to line 4's choice, Space keeps it.
    const line2 = page.getByRole('radiogroup', { name: 'Valg for linje 2' });
    await line2.getByRole('radio', { name: 'Behold' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    expect(await line2.getByRole('radio', { name: 'Dropp' }).isChecked()).toBe(true);
    expect(await line2.getByRole('radio', { name: 'Behold' }).isChecked()).toBe(false);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.getByRole('radiogroup', { name: 'Valg for linje 4' }).getByRole('radio', { name: 'Behold' }).isChecked()).toBe(true);
    expect(await page.getByTestId('earnings-undecided').textContent()).toBe('Gjentatte linjer som ikke er avgjort: 1');
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByRole('radiogroup', { name: 'Valg for linje 5' }).getByRole('radio', { name: 'Behold' }).check();
    expect(await importButton.isDisabled()).toBe(false);
    expect(await seriousViolations(page, '[data-testid="earnings-preview"]')).toEqual([]);
    await harness.screenshot(page, 'earnings-import-repeats');

    // Nothing was stored by the check.
    const count = (sql: string): number => harness.desk.store.sqlite.prepare(sql).pluck().get() as number;
    expect(count("SELECT count(*) FROM earnings_files WHERE file_name = 'uke-46.csv'")).toBe(0);

    await importButton.click();
    await page.getByTestId('earnings-result').waitFor();
    expect(await page.getByTestId('earnings-accepted').textContent()).toContain('3');
    expect(await page.getByTestId('earnings-dropped').textContent()).toContain('1');
    expect(await page.getByTestId('earnings-rejected').textContent()).toContain('1');
    // 40 + 40 (kept repeat) + 3 × 40 (kept repeat)
    expect(await page.getByTestId('earnings-points').textContent()).toContain('200');
    expect(await page.getByTestId('earnings-result-repeats').textContent()).toBe('Av de gjentatte linjene ble 2 beholdt og 1 droppet.');
    const stored = harness.desk.store.sqlite
      .prepare("SELECT r.line_no, r.kept_repeat FROM earnings_rows r JOIN earnings_files f ON f.id = r.file_id WHERE f.file_name = 'uke-46.csv' ORDER BY r.line_no")
      .all();
    expect(stored).toEqual([
      { line_no: 3, kept_repeat: 0 },
      { line_no: 4, kept_repeat: 1 },
      { line_no: 5, kept_repeat: 1 },
    ]);
    await page.getByTestId('earnings-files').getByRole('cell', { name: 'uke-46.csv' }).waitFor();
    await harness.screenshot(page, 'earnings-import-repeats-result');
    expectNoProblems(harness.problems);
  });
});
