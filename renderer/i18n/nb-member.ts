/**
 * Norsk bokmål for issue 12, "a member page that reads once": the one timeline (each redemption
 * once, with its life, B7a), the ledger view one click away, and "expiring soon" within a window
 * (B5). Registered in index.ts beside nb.ts; en-member.ts is typed against this file.
 */
export const nbMember = {
  memberPage: {
    expiring: {
      /** The window under the heading "Utløper snart". */
      within_one: 'Den neste måneden',
      within_other: 'De neste {{count}} månedene',
      /** More expiries in the window than the three listed. */
      more: 'Og {{points}} poeng til innen {{date}}',
      none_one: 'Ingen poeng utløper den neste måneden.',
      none_other: 'Ingen poeng utløper de neste {{count}} månedene.',
    },
    timeline: {
      redemption: 'Innløsning nr. {{id}}',
      status: {
        registered: 'registrert',
        shipped: 'sendt',
        cancelled: 'kansellert',
      },
      step: {
        registered: 'Registrert',
        shipped: 'Sendt',
        cancelled: 'Kansellert',
      },
      givenBack: '{{points}} poeng gitt tilbake',
      steps: 'Hva som har skjedd med innløsningen',
      showMore: 'Vis flere',
      shown: 'Viser {{shown}} av {{total}}',
      shownMore: 'Viser {{shown}} av flere enn {{total}}',
      loadingMore: 'Henter flere …',
    },
    ledger: {
      open: 'Posteringer',
      openHint: 'Alle poengposteringer med kanal og hvem som utførte dem',
      title: 'Posteringer for {{name}}',
      tableTitle: 'Posteringer',
      intro: 'Hver postering i poengregnskapet, nyeste først (B12a). Tidslinjen viser det samme samlet; her står hver enkelt postering.',
      more: 'Vis flere posteringer',
      close: 'Lukk',
    },
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type MemberMessages = Strings<typeof nbMember>;
