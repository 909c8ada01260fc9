/**
 * B12: the service email before membership ends 3 years after cancellation. Norwegian, because
 * it goes to the member. Pure: the caller passes the facts.
 */
export interface ServiceEmailFacts {
  firstName: string;
  endsOn: string;
  balance: number;
}

const nb = new Intl.NumberFormat('nb-NO');

export function renderServiceEmail(facts: ServiceEmailFacts): { subject: string; body: string } {
  const [y, m, d] = facts.endsOn.split('-');
  const date = `${d}.${m}.${y}`;
  return {
    subject: `Ditt medlemskap i bonusprogrammet avsluttes ${date}`,
    body: [
      `Hei ${facts.firstName},`,
      '',
      `Det er snart tre år siden du sa opp abonnementet ditt. Medlemskapet ditt i bonusprogrammet avsluttes ${date}, og bonussaldoen din på ${nb.format(facts.balance)} poeng blir da slettet.`,
      '',
      'Ønsker du å beholde medlemskapet? Kontakt kundeservice på telefon eller e-post før denne datoen, så forlenger vi det til du selv avslutter det.',
      '',
      'Vennlig hilsen',
      'Kundeservice',
    ].join('\n'),
  };
}
