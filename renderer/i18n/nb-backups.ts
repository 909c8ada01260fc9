/**
 * Norsk bokmål for the admin's Backups page (issue 10): the backups in the backup folder, a full
 * check of one, and a restore scheduled for the next start. Spread into nb.ts; en-backups.ts is
 * typed against this file.
 */
export const nbBackupsNav = {
  backups: 'Sikkerhetskopier',
} as const;

export const nbBackups = {
  backups: {
    title: 'Sikkerhetskopier',
    intro:
      'Skrivebordet tar en sikkerhetskopi hver dag og før hver oppdatering av databasen. En kopi får navnet sitt først når den er hel og kontrollert, så en kopi som blir avbrutt underveis, kommer aldri i listen. Kontroller en kopi før du gjenoppretter den.',
    folder: 'Mappe: {{folder}}',
    listTitle: 'Kopier i mappen',
    taken: 'Tatt',
    kind: 'Type',
    size: 'Størrelse',
    status: 'Tilstand',
    kinds: {
      daily: 'Daglig',
      manual: 'Manuell',
      'before-migration': 'Før oppdatering',
      other: 'Annen',
    },
    looks: {
      whole: 'Ikke kontrollert',
      damaged: 'Avkuttet',
      not_a_database: 'Ikke en database',
    },
    checkedOk: 'Kontrollert: OK',
    checkedBad: 'Kan ikke gjenopprettes',
    check: 'Kontroller',
    checkLabel: 'Kontroller sikkerhetskopien fra {{when}}',
    restore: 'Gjenopprett',
    restoreLabel: 'Gjenopprett sikkerhetskopien fra {{when}}',
    empty: 'Det er ingen sikkerhetskopier i mappen ennå.',
    checkDone: 'Sikkerhetskopien fra {{when}} er hel og kan gjenopprettes.',
    checkFailed: 'Sikkerhetskopien fra {{when}} kan ikke gjenopprettes: {{problem}}',
    resultTitle: 'Kontrollert {{when}}',
    holds: 'Kopien inneholder',
    older: 'Kopien er fra en eldre versjon av Bonus desk. Databasen oppdateres når skrivebordet åpner den.',
    findings: 'Feil funnet av kontrollen:',
    counts: {
      members: 'Medlemmer',
      ledger_entries: 'Posteringer',
      point_lots: 'Poengposter',
      users: 'Brukere',
      audit_log: 'Logglinjer',
    },
    problem: {
      missing: 'Filen finnes ikke lenger.',
      not_a_database: 'Filen er ikke en database.',
      damaged: 'Filen er skadet eller avkuttet.',
      not_a_desk: 'Filen er en database, men ikke fra Bonus desk.',
      from_newer_app: 'Filen er lagret av en nyere versjon av Bonus desk. Oppdater appen først.',
      no_users: 'Kopien har ingen brukere, så ingen kan logge inn på den.',
    },
    confirmTitle: 'Gjenopprette sikkerhetskopien?',
    confirmBody:
      'Neste gang Bonus desk starter, erstattes databasen med sikkerhetskopien fra {{when}} ({{name}}), og skrivebordet starter opp i den. Alt som er lagret etter at kopien ble tatt, er da borte fra skrivebordet.',
    confirmKept: 'Den nåværende databasefilen tas vare på ved siden av, slik at den kan hentes fram igjen.',
    confirmRestart: 'Når du har bekreftet, lukker du Bonus desk og starter det igjen.',
    confirm: 'Gjenopprett ved neste start',
    scheduled: 'Gjenopprettingen er klar. Lukk Bonus desk og start det igjen.',
    pendingTitle: 'Gjenopprettes ved neste start',
    pendingBody: 'Sikkerhetskopien {{name}} erstatter databasen når Bonus desk startes på nytt (bestilt {{when}} av {{by}}). Lukk Bonus desk og start det igjen.',
    failedTitle: 'Gjenopprettingen ble ikke gjort',
    failedBody: 'Sikkerhetskopien {{name}} kunne ikke gjenopprettes ved oppstart {{when}}, så skrivebordet åpnet den databasen det hadde. Årsak: {{message}}',
    cancelRestore: 'Avbryt gjenopprettingen',
    dismiss: 'Fjern meldingen',
    cancelled: 'Gjenopprettingen er avbrutt.',
    someone: 'ukjent',
    // Issue 13: a backup taken now, and what a restore replaces.
    takeNow: 'Ta sikkerhetskopi nå',
    takenNow: 'Sikkerhetskopien er tatt {{when}} ({{size}}).',
    replacesTitle: 'Dette erstattes',
    replacesBody: 'Databasen {{database}} slik den er nå, sist endret {{changed}}, byttes ut med innholdet i sikkerhetskopien:',
    replacesChecking: 'Kontrollerer sikkerhetskopien og leser hva den erstatter …',
    replacesWhat: 'Innhold',
    replacesNow: 'Nå',
    replacesBackup: 'Sikkerhetskopien',
    neverChanged: 'aldri',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type BackupsMessages = Strings<typeof nbBackups>;
export type BackupsNavMessages = Strings<typeof nbBackupsNav>;
