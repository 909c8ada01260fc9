import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { refusal } from '../testing/refusal.js';
import { listTerms, publishTerms } from './terms.js';

/** B13: dated versions; one month's notice unless legally required. */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-21T10:00:00Z');
});
afterEach(() => t.close());

const body = 'Bonuspoeng kan brukes på et utvalg av kosttilskudd.';

describe('terms (B13)', () => {
  it('refuses a change that takes effect less than a month after it is published, with the earliest date', async () => {
    const e = await refusal(() => publishTerms(t.ctx('supervisor'), { title: 'Nye vilkår', body, effectiveOn: '2026-12-20', legallyRequired: false }));
    expect(e.code).toBe('terms_notice');
    expect(e.details).toMatchObject({ earliest: '2026-12-21' });
    expect(await listTerms(t.ctx('agent'))).toEqual([]);
  });

  it('accepts one month later, and at once when legally required; the version in force is marked', async () => {
    await publishTerms(t.ctx('supervisor'), { title: 'Vilkår 2027', body, effectiveOn: '2026-12-21', legallyRequired: false });
    await publishTerms(t.ctx('supervisor'), { title: 'Pålegg fra myndighetene', body, effectiveOn: '2026-11-21', legallyRequired: true });
    const versions = await listTerms(t.ctx('agent'));
    expect(versions.map((v) => [v.title, v.current])).toEqual([
      ['Vilkår 2027', false],
      ['Pålegg fra myndighetene', true],
    ]);
    t.clock.set('2026-12-21T09:00:00Z');
    expect((await listTerms(t.ctx('agent'))).find((v) => v.current)?.title).toBe('Vilkår 2027');
  });

  it('31 January + one month is the end of February', async () => {
    t.clock.set('2027-01-31T10:00:00Z');
    expect((await refusal(() => publishTerms(t.ctx('supervisor'), { title: 'x x x', body, effectiveOn: '2027-02-27', legallyRequired: false }))).details).toMatchObject({ earliest: '2027-02-28' });
  });
});
