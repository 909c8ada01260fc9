/**
 * Norsk bokmål for issue 12, "Email orders and held orders": the received time both email-order
 * forms share (ReceivedAtField), the held order's checks before 10:00 (L3, L5, B3, B7) and
 * "safe to promise" — the stock left after the held orders' queue (L5). Registered in index.ts
 * beside nb.ts; en-orders.ts is typed against this file.
 */
export const nbOrders = {
  receivedAt: {
    day: 'Mottatt dato',
    time: 'Kl. (norsk tid)',
    help: 'Dato som dd.mm.åååå, klokkeslett som tt:mm (norsk tid).',
    dayInvalid: 'Skriv datoen som dd.mm.åååå.',
    timeInvalid: 'Skriv klokkeslettet som tt:mm (00:00–23:59).',
    future: 'Tidspunktet er senere enn nå. Skriv når e-posten kom inn.',
    /** L3: on the held-order form, a received time at or after 10:00 on the launch day. */
    afterLockout: 'Holdte ordre gjelder bare bestillinger mottatt før kl. {{time}} på lanseringsdagen. Denne kom etter kl. {{time}}: registrer den som en vanlig e-postbestilling.',
  },
  heldCheck: {
    region: 'Sjekk av bestillingen',
    checking: 'Sjekker poeng, lager og køen foran …',
    clear: 'Ingen hindringer nå. Ordren sjekkes på nytt når den bestilles fra kl. {{time}}.',
    clearNoTime: 'Ingen hindringer nå. Ordren sjekkes på nytt når den bestilles.',
    warningsTitle: 'Si fra til kunden nå',
    warningsIntro: 'Ordren kan registreres og beholder plassen i køen, men slik den er nå blir den trolig ikke bestilt kl. {{time}}:',
    warningsIntroNoTime: 'Ordren kan registreres og beholder plassen i køen, men slik den er nå blir den trolig ikke bestilt:',
    refusedTitle: 'Kan ikke registreres som holdt ordre',
    senderMismatch: 'E-posten kom fra {{from}}, men medlemmet har registrert {{registered}}. Vær ekstra nøye med identiteten.',
    queueShort: '{{name}}: {{stock}} på lager og {{queued}} i kø foran denne ordren. Det blir {{promisable}} igjen til denne ordren, som gjelder {{quantity}}.',
    notInLaunch: '{{name}} er ikke med i dagens lansering. Den kan bestilles nå som en vanlig bestilling; i den holdte ordren venter den til kl. {{time}}.',
    line: '{{stock}} på lager · {{queued}} i kø foran · {{promisable}} igjen til denne',
    registeredWithWarnings: 'Ordren er registrert som holdt, men gi kunden beskjed:',
  },
  promise: {
    /** L5: stock, what the held orders ahead will take, and what can safely be promised a caller. */
    label: '{{stock}} på lager · {{queued}} i kø · {{promisable}} kan loves',
    none: '{{stock}} på lager · {{queued}} i kø · ingen kan loves',
    hint: 'Holdte e-postbestillinger bestilles først. Lov bare det som er igjen etter køen.',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape en-orders.ts must fill. */
export type OrdersMessages = Strings<typeof nbOrders>;
