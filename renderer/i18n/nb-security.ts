/**
 * Norsk bokmål for the admin's security page (issue 10): session times, sign-in throttles and the
 * sign-in record, and the texts for a session that ended. Spread into nb.ts; en-security.ts is
 * typed against this file.
 */
export const nbSecurityNav = {
  security: 'Sikkerhet',
} as const;

export const nbSecurity = {
  session: {
    ended: {
      idle: 'Økten ble avsluttet fordi skrivebordet ikke var i bruk på en stund. Logg inn på nytt.',
      lifetime: 'Økten har vart så lenge den kan. Logg inn på nytt.',
      role_changed: 'Rollen din er endret. Logg inn på nytt for å få den nye rollen.',
      deactivated: 'Brukeren din er deaktivert. Ta kontakt med en administrator.',
      window_closed: 'Økten ble avsluttet da vinduet ble lukket eller lastet inn på nytt. Logg inn på nytt.',
      signed_out: 'Du er logget ut. Logg inn på nytt.',
    },
    throttled_one: 'For mange mislykkede forsøk. Vent {{count}} sekund før du prøver igjen.',
    throttled_other: 'For mange mislykkede forsøk. Vent {{count}} sekunder før du prøver igjen.',
  },
  security: {
    title: 'Sikkerhet',
    intro: 'Hvor lenge økter varer, hvem som bremses etter mislykkede innlogginger, og alle innloggingsforsøk.',
    policyTitle: 'Økter',
    policyIntro:
      'En økt avsluttes etter en stund uten bruk og uansett etter et fast antall timer. Standard er 60 minutter og 10 timer: nok til en lang vakt med pauser, uten at et forlatt skrivebord står åpent.',
    idleMinutes: 'Minutter uten bruk',
    idleHelp: '5–720 minutter',
    maxHours: 'Timer etter innlogging',
    maxHoursHelp: '1–24 timer',
    save: 'Lagre',
    saved: 'Øktinnstillingene er lagret. De gjelder alle åpne økter fra neste handling.',
    throttlesTitle: 'Innloggingsbremser',
    throttlesIntro:
      'Etter tre mislykkede forsøk må neste forsøk vente – først 1 sekund, så dobbelt så lenge hver gang, høyst 30 sekunder for en konto og 5 minutter for en maskin. Ingen konto låses.',
    subject: 'Konto eller maskin',
    kind: 'Type',
    kindAccount: 'Konto',
    kindClient: 'Maskin',
    failures: 'Mislykkede forsøk',
    lastFailure: 'Siste forsøk',
    blockedUntil: 'Neste forsøk tidligst',
    waiting: 'Venter',
    free: 'Kan prøve',
    lift: 'Opphev',
    liftLabel: 'Opphev bremsen for {{subject}}',
    lifted: 'Bremsen for {{subject}} er opphevet.',
    noThrottles: 'Ingen bremser nå.',
    signInsTitle: 'Innloggingsforsøk',
    failedOnly: 'Bare mislykkede',
    at: 'Tid',
    username: 'Brukernavn',
    outcome: 'Utfall',
    client: 'Maskin',
    embedded: 'Dette skrivebordet',
    noSignIns: 'Ingen innloggingsforsøk.',
    outcomes: {
      ok: 'Logget inn',
      bad_credentials: 'Feil brukernavn eller passord',
      locked: 'Låst (gammel regel)',
      inactive: 'Deaktivert bruker',
      logout: 'Logget ut',
      throttled: 'Bremset',
    },
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type SecurityMessages = Strings<typeof nbSecurity>;
export type SecurityNavMessages = Strings<typeof nbSecurityNav>;
