/**
 * Norsk bokmål for a desk that talks to the desk server (issue 11, "Many desks"): the banner
 * when the server cannot be reached, and its retry. Spread into nb.ts; en-server.ts is typed
 * against this file.
 */
export const nbServer = {
  server: {
    lostTitle: 'Får ikke kontakt med skrivebordsserveren',
    lost: 'Det du ser nå, kan være utdatert, og ingenting blir lagret før kontakten er tilbake. Skrivebordet prøver igjen av seg selv.',
    stillLost: 'Fortsatt ingen kontakt. Sjekk nettverket, eller spør den som har ansvar for serveren.',
    retry: 'Prøv igjen',
    retrying: 'Prøver …',
    restored: 'Kontakten med skrivebordsserveren er tilbake.',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type ServerMessages = Strings<typeof nbServer>;
