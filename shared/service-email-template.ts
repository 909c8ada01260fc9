/**
 * B12: the service email's template, which supervisors edit, and its rendering. Pure and shared:
 * the desk renders the list and the .eml files with it (main/services/service-emails.ts), and the
 * template editor its live preview, so what the preview shows is what is sent.
 */
export interface ServiceEmailTemplate {
  /** The sender, as an address or `Name <address>`. */
  from: string;
  subject: string;
  body: string;
}

/** The facts of one member's email, by placeholder. */
export interface ServiceEmailFacts {
  firstName: string;
  lastName: string;
  memberNo: number;
  endsOn: string;
  balance: number;
}

export const templatePlaceholders = ['fornavn', 'etternavn', 'medlemsnr', 'sluttdato', 'saldo'] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];

export const DEFAULT_SERVICE_EMAIL_TEMPLATE: ServiceEmailTemplate = {
  from: 'Kundeservice <kundeservice@bonusprogrammet.no>',
  subject: 'Ditt medlemskap i bonusprogrammet avsluttes {{sluttdato}}',
  body: [
    'Hei {{fornavn}},',
    '',
    'Det er snart tre år siden du sa opp abonnementet ditt. Medlemskapet ditt i bonusprogrammet avsluttes {{sluttdato}}, og bonussaldoen din på {{saldo}} poeng blir da slettet.',
    '',
    'Ønsker du å beholde medlemskapet? Kontakt kundeservice på telefon eller e-post før denne datoen, så forlenger vi det til du selv avslutter det.',
    '',
    'Vennlig hilsen',
    'Kundeservice',
  ].join('\n'),
};

const nb = new Intl.NumberFormat('nb-NO');
const PLACEHOLDER = /\{\{\s*([a-zæøå]+)\s*\}\}/gi;

/** The placeholders a text uses that the template does not know (a typo would be sent as it stands). */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? '').toLowerCase()).filter((name) => !(templatePlaceholders as readonly string[]).includes(name));
}

function values(facts: ServiceEmailFacts): Record<TemplatePlaceholder, string> {
  const [y, m, d] = facts.endsOn.split('-');
  return { fornavn: facts.firstName, etternavn: facts.lastName, medlemsnr: String(facts.memberNo), sluttdato: `${d ?? ''}.${m ?? ''}.${y ?? ''}`, saldo: nb.format(facts.balance) };
}

/** The message for one member: every known placeholder replaced (an unknown one stays as written). */
export function renderTemplate(template: ServiceEmailTemplate, facts: ServiceEmailFacts): { subject: string; body: string } {
  const v = values(facts);
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const key = name.toLowerCase();
      return (templatePlaceholders as readonly string[]).includes(key) ? v[key as TemplatePlaceholder] : whole;
    });
  return { subject: fill(template.subject).replace(/[\r\n]+/g, ' '), body: fill(template.body) };
}
