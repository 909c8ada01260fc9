/**
 * Norsk bokmål for issue 13's admin screens: the settings (postage, approval threshold,
 * service-email lead time, session times, "expiring soon") and the terms versions (B13), and the
 * member page's line naming the terms in force. Merged in index.ts; en-settings.ts is typed
 * against this file. The menu entries are spread into nb.ts's `nav`.
 */
export const nbSettingsNav = {
  settings: 'Innstillinger',
  terms: 'Vilkår',
} as const;

export const nbSettings = {
  settings: {
    title: 'Innstillinger',
    intro: 'Tallene reglene overlater til desken. En endring gjelder fra neste kall på alle skrivebord og loggføres med verdien før og etter.',
    readOnly: 'Bare lesing. Administratorene endrer innstillingene; her ser du hva som gjelder nå.',
    listTitle: 'Innstillinger som gjelder nå',
    label: {
      postage_ore: 'Porto for separat forsendelse',
      correction_approval_threshold: 'Grense for godkjenning av korrigeringer',
      service_email_days_before: 'Serviceepost før medlemskapet slutter',
      session_idle_minutes: 'Innlogging uten bruk',
      session_max_hours: 'Lengste innlogging',
      expiring_soon_months: '«Utløper snart» på medlemssiden',
    },
    help: {
      postage_ore: 'Det medlemmet betaler når bonusvarene sendes for seg selv. Vises for innringeren før bestillingen bekreftes.',
      correction_approval_threshold: 'En korrigering på flere poeng enn dette må godkjennes av en annen teamleder.',
      service_email_days_before: 'Så mange dager før medlemskapet slutter, får medlemmet e-post om at det kan beholdes.',
      session_idle_minutes: 'En innlogging avsluttes etter så mange minutter uten bruk.',
      session_max_hours: 'En innlogging avsluttes så mange timer etter at den startet, uansett bruk.',
      expiring_soon_months: 'Medlemssiden viser poengene som utløper de neste så mange månedene.',
    },
    unit: {
      ore: 'kr',
      points: 'poeng',
      days: 'dager',
      minutes: 'minutter',
      hours: 'timer',
      months: 'måneder',
    },
    /** A value with its unit (øre are shown as NOK by the page). */
    amount: {
      points_one: '{{value}} poeng',
      points_other: '{{value}} poeng',
      days_one: '{{value}} dag',
      days_other: '{{value}} dager',
      minutes_one: '{{value}} minutt',
      minutes_other: '{{value}} minutter',
      hours_one: '{{value}} time',
      hours_other: '{{value}} timer',
      months_one: '{{value}} måned',
      months_other: '{{value}} måneder',
    },
    /** The limits under a field: "Fra 0 til 1 000 kr. Standard 79,00 kr." */
    limits: 'Fra {{min}} til {{max}}. Standard {{default}}.',
    value: 'Verdi',
    defaultValue: 'Standard',
    changed: 'Sist endret',
    changedBy: '{{when}} av {{by}}',
    neverChanged: 'Aldri endret (standard)',
    someone: 'ukjent',
    save: 'Lagre',
    saveLabel: 'Lagre {{label}}',
    saved: '{{label}} er endret fra {{before}} til {{after}}.',
    unchanged: '{{label}} var allerede {{value}}. Ingenting er endret.',
    badValue: 'Skriv et tall fra {{min}} til {{max}}.',
    badNok: 'Skriv et beløp i kroner fra {{min}} til {{max}}, for eksempel 79 eller 79,50.',
    outOfRange: 'Verdien må være fra {{min}} til {{max}}.',
  },
  terms: {
    title: 'Vilkår',
    intro:
      'Bonusprogrammets vilkår i daterte versjoner. En ny versjon må varsles minst én måned før den gjelder, med mindre loven eller en myndighet krever endringen.',
    readOnly: 'Bare lesing. Administratorene legger inn nye versjoner.',
    listTitle: 'Versjoner',
    add: 'Ny versjon',
    addTitle: 'Ny versjon av vilkårene',
    noticeHint: 'Publiseres den i dag, kan den tidligst gjelde fra {{date}}.',
    versionTitle: 'Tittel',
    publishedOn: 'Publiseres (dd.mm.åååå)',
    publishedOnHelp: 'Dagen medlemmene får vite om endringen. Tidligst i dag.',
    effectiveOn: 'Gjelder fra (dd.mm.åååå)',
    effectiveOnHelp: 'Tidligst én kalendermåned etter publiseringen.',
    body: 'Tekst',
    legallyRequired: 'Pålagt ved lov eller av en myndighet (gjelder fra publiseringsdagen)',
    legalReason: 'Hvorfor endringen er pålagt',
    legalReasonHelp: 'Loven eller myndigheten og kravet, for eksempel «Forbrukertilsynets vedtak 2026/114».',
    save: 'Legg inn versjonen',
    saved: 'Versjonen «{{title}}» er lagt inn. Den gjelder fra {{date}}.',
    tooEarly: 'For tidlig. Vilkår som publiseres {{published}}, kan tidligst gjelde fra {{earliest}} (én måneds varsel).',
    tooEarlyByLaw: 'For tidlig. Vilkår pålagt ved lov kan tidligst gjelde fra publiseringsdagen, {{earliest}}.',
    publishedBeforeToday: 'Vilkår kan ikke publiseres før i dag, {{earliest}}.',
    needsReason: 'Skriv hvorfor loven eller en myndighet krever endringen.',
    badDate: 'Skriv datoen som dd.mm.åååå.',
    tooShortTitle: 'Skriv en tittel på minst 3 tegn.',
    tooShortBody: 'Skriv vilkårene (minst 10 tegn).',
    columns: {
      title: 'Tittel',
      publishedOn: 'Publisert',
      effectiveOn: 'Gjelder fra',
      status: 'Status',
      legal: 'Pålagt ved lov',
      createdBy: 'Lagt inn av',
    },
    status: {
      current: 'Gjelder nå',
      coming: 'Kommer',
      earlier: 'Tidligere',
    },
    legalNo: 'Nei',
    showText: 'Vis teksten',
    hideText: 'Skjul teksten',
    showTextLabel: 'Vis teksten til «{{title}}»',
    hideTextLabel: 'Skjul teksten til «{{title}}»',
    empty: 'Ingen versjoner av vilkårene er lagt inn ennå.',
    /** The member page's line (issue 13): the version in force. */
    inForce: 'Vilkår',
    inForceValue: '{{title}}, gjelder fra {{date}}',
    noneInForce: 'Ingen vilkår er registrert',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type SettingsMessages = Strings<typeof nbSettings>;
export type SettingsNavMessages = Strings<typeof nbSettingsNav>;
