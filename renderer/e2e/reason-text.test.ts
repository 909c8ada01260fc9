import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { reasonCodes, type ReasonCode, type ReasonParams } from '../../shared/reasons.js';
import { CAP_AFTER_DAYS, CAP_POINTS, EXPIRY_YEARS, MEMBERSHIP_AFTER_CANCEL_YEARS } from '../../shared/rules.js';

/**
 * The renderer's modules are loaded at run time: they are written for the bundler (imports
 * without extensions), which the Node typecheck of this folder does not follow.
 */
interface Renderer {
  reasonText: (t: TFunction, reason: { reasonCode: ReasonCode; reasonParams: ReasonParams; note: string | null }, language: string) => string;
  formatPoints: (points: number) => string;
  nb: object;
  en: object;
}
async function loadRenderer(): Promise<Renderer> {
  const from = (path: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ path) as Promise<Record<string, unknown>>;
  const [reasons, format, nb, en] = await Promise.all([from('../i18n/reasons'), from('../i18n/format'), from('../i18n/nb'), from('../i18n/en')]);
  return { reasonText: reasons.reasonText, formatPoints: format.formatPoints, nb: nb.nb, en: en.en } as Renderer;
}

/**
 * The reason codes main stores (shared/reasons.ts) said in the UI language: no browser needed,
 * the same i18next resources and formatting the renderer uses.
 */
const examples: Record<ReasonCode, { params: ReasonParams; note?: string; nb: string; en: string }> = {
  note: { params: {}, note: 'Feilregistrert kjøp (sak 118)', nb: 'Feilregistrert kjøp (sak 118)', en: 'Feilregistrert kjøp (sak 118)' },
  earning: { params: { quantity: 2, product: 'Omega-3', fileId: 4, lineNo: 17 }, nb: '2 × Omega-3 (fil 4, linje 17)', en: '2 × Omega-3 (file 4, line 17)' },
  order: { params: { redemptionId: 12, items: '2 × Termokopp' }, nb: 'Bonusbestilling nr. 12: 2 × Termokopp', en: 'Bonus order no. 12: 2 × Termokopp' },
  order_cancelled: { params: { redemptionId: 12 }, note: 'Angret', nb: 'Bonusbestilling nr. 12 kansellert: Angret', en: 'Bonus order no. 12 cancelled: Angret' },
  opt_out: { params: {}, note: 'Flytter', nb: 'Utmelding: Flytter', en: 'Opt-out: Flytter' },
  rejoin_forfeit: { params: {}, nb: 'Ny innmelding starter fra null: poeng fra før utmeldingen er tapt', en: 'Rejoining starts from zero: points from before the opt-out forfeited' },
  returned_forfeited: { params: { state: 'ended' }, nb: 'Tilbakeførte poeng tapt fordi medlemskapet er avsluttet', en: 'Returned points forfeited because the membership has ended' },
  returned_before_opt_out: { params: {}, nb: 'Tilbakeførte poeng fra før utmeldingen er tapt', en: 'Returned points from before the opt-out forfeited' },
  expired: { params: { before: '2023-11-01' }, nb: 'Poeng eldre enn 3 år (opptjent før 01.11.2023)', en: 'Points older than 3 years (earned before 01.11.2023)' },
  expired_due: { params: { lots: 2 }, nb: 'Poeng eldre enn 3 år (passert utløpsdato i 2 opptjening(er))', en: 'Points older than 3 years (past their expiry date in 2 earning(s))' },
  capped: {
    params: { cancelledOn: '2026-01-31', capOn: '2026-04-01' },
    nb: 'Saldoen satt ned til 10\u00a0000 poeng 60 dager etter oppsigelsen 31.01.2026',
    en: 'Balance reduced to 10\u00a0000 points 60 days after the cancellation on 31.01.2026',
  },
  deleted_after_cancel: {
    params: { cancelledOn: '2023-01-31', endsOn: '2026-01-31' },
    nb: 'Medlemskapet avsluttet 3 år etter oppsigelsen 31.01.2023',
    en: 'Membership ended 3 years after the cancellation on 31.01.2023',
  },
  ended_on_request: { params: {}, note: 'Vil ut', nb: 'Medlemskapet avsluttet etter ønske fra medlemmet: Vil ut', en: 'Membership ended at the member’s request: Vil ut' },
  withheld_ended_on_request: { params: { withholdingId: 4 }, nb: 'Tilbakeholdte poeng slettes sammen med medlemskapet', en: 'Withheld points deleted with the membership' },
  withhold_closed_expiry: { params: { withholdingId: 4 }, nb: 'Tilbakeholdelse nr. 4 avsluttet: poengene utløp sammen med opptjeningen', en: 'Withholding no. 4 closed: the points expired with their earning' },
  withhold_closed_opt_out: { params: { withholdingId: 4 }, nb: 'Tilbakeholdelse nr. 4 avsluttet: poengene ble tapt ved utmeldingen', en: 'Withholding no. 4 closed: the points were forfeited with the opt-out' },
  manual_credit: { params: { category: 'goodwill', caseRef: 'K-77' }, note: 'Forsinket levering', nb: 'Godskrevet for hånd (goodwill, sak K-77): Forsinket levering', en: 'Credited by hand (goodwill, case K-77): Forsinket levering' },
  manual_debit: { params: { category: 'earlier_entry', caseRef: 'K-78' }, note: 'Dobbelt bokført', nb: 'Trukket for hånd (retting av en tidligere postering, sak K-78): Dobbelt bokført', en: 'Debited by hand (correction of an earlier entry, case K-78): Dobbelt bokført' },
  unpaid_invoice: { params: { invoiceId: 3, invoiceNo: 'F-1001' }, note: 'Purret to ganger', nb: 'Trekk for ubetalt faktura F-1001: Purret to ganger', en: 'Reduction for unpaid invoice F-1001: Purret to ganger' },
  invoice_paid: { params: { invoiceId: 3, invoiceNo: 'F-1001', reductionId: 9 }, nb: 'Faktura F-1001 er betalt: trekket gis tilbake', en: 'Invoice F-1001 is paid: the reduction given back' },
  still_withheld: {
    params: { withholdingId: 4 },
    nb: 'Fortsatt holdt tilbake fra tilbakeholdelse nr. 4; poengene med passert utløpsdato er utløpt',
    en: 'Still withheld from withholding no. 4; the points past their expiry date expired',
  },
  first_subscription: { params: {}, nb: 'Første abonnement startet', en: 'First subscription started' },
  reactivated: { params: {}, nb: 'Kunde igjen før slettingen: saldoen er uendret', en: 'Customer again before the deletion: balance unchanged' },
  new_membership: { params: {}, nb: 'Nytt medlemskap etter at det gamle ble avsluttet', en: 'New membership after the old one ended' },
  last_cancelled: { params: { balance: 12345 }, nb: 'Siste abonnement sagt opp, saldo 12\u00a0345 poeng', en: 'Last subscription cancelled, balance 12\u00a0345 points' },
  run_ended: { params: { month: '2026-01' }, nb: 'Månedskjøringen for januar 2026: 3 år etter oppsigelsen', en: 'Monthly run for January 2026: 3 years after the cancellation' },
};

const t: Record<'nb' | 'en', TFunction> = {} as Record<'nb' | 'en', TFunction>;
let reasonText: Renderer['reasonText'];
beforeAll(async () => {
  const renderer = await loadRenderer();
  const { nb, en } = renderer;
  reasonText = renderer.reasonText;
  // As renderer/i18n/index.ts sets them (that module needs React, so it is not loaded here).
  const ruleVariables = { capPoints: renderer.formatPoints(CAP_POINTS), capDays: CAP_AFTER_DAYS, expiryYears: EXPIRY_YEARS, membershipYears: MEMBERSHIP_AFTER_CANCEL_YEARS };
  for (const language of ['nb', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { nb: { translation: nb }, en: { translation: en } },
      lng: language,
      interpolation: { escapeValue: false, defaultVariables: ruleVariables },
    });
    t[language] = instance.t;
  }
});

describe('reason codes in words', () => {
  it('every code in the closed list has an example here', () => {
    expect(Object.keys(examples).sort()).toEqual([...reasonCodes].sort());
  });

  for (const code of reasonCodes) {
    it(`B12a: ${code} reads in Norwegian and English, dates as dd.mm.yyyy and points with thousands separators`, () => {
      const example = examples[code as ReasonCode];
      const reason = { reasonCode: code, reasonParams: example.params, note: example.note ?? null };
      expect(reasonText(t.nb, reason, 'nb')).toBe(example.nb);
      expect(reasonText(t.en, reason, 'en')).toBe(example.en);
    });
  }

  it('an earning without a file line (the demo data) says it is an earning', () => {
    expect(reasonText(t.nb, { reasonCode: 'earning', reasonParams: { quantity: 1, product: 'Termokopp' }, note: null }, 'nb')).toBe('Opptjening: 1 × Termokopp');
  });
});
