/**
 * Norsk bokmål for correcting a caller's contact details (D3, the role table): the member page's
 * action, the dialog, its field rules (shared/contact.ts) and the timeline item. Registered in
 * index.ts beside nb.ts; en-contact.ts is typed against this file, so a key missing in either
 * language fails the typecheck.
 */
export const nbContact = {
  contact: {
    action: 'Endre kontaktinfo',
    actionKeys: 'Alt+K',
    title: 'Endre kontaktinfo for {{name}}',
    intro: 'Rett adressen, e-posten eller telefonnummeret slik innringeren oppgir det. Endringen lagres med hvem som gjorde den og når, og sendes til fakturering.',
    identityChecked: 'Jeg har bekreftet hvem innringeren er',
    identityHelp: 'Sjekk minst to av medlemsnummer, adresse, e-post og telefon før du endrer noe.',
    mustCheckIdentity: 'Kryss av når du har bekreftet hvem innringeren er.',
    channel: 'Hvordan tok medlemmet kontakt?',
    address: 'Adresse',
    postcode: 'Postnummer',
    city: 'Poststed',
    email: 'E-post',
    phone: 'Telefon',
    emailHelp: 'La feltet stå tomt for å fjerne e-postadressen.',
    phoneHelp: 'Norsk nummer, 8 siffer. La feltet stå tomt for å fjerne nummeret.',
    save: 'Lagre endringene',
    saved: 'Kontaktinfo for {{name}} er endret: {{fields}}.',
    unchanged: 'Ingenting ble endret – opplysningene var de samme fra før.',
    /** What each field is called in a list ("postnummer, telefon"). */
    fieldNames: {
      address: 'adresse',
      postcode: 'postnummer',
      city: 'poststed',
      email: 'e-post',
      phone: 'telefon',
    },
    problem: {
      required: 'Må fylles ut.',
      addressLong: 'Høyst 120 tegn.',
      postcodeFormat: 'Må være nøyaktig 4 siffer.',
      cityLong: 'Høyst 60 tegn.',
      cityFormat: 'Skriv stedsnavnet med bokstaver.',
      emailInvalid: 'Ikke en gyldig e-postadresse.',
      emailLong: 'Høyst 254 tegn.',
      phoneFormat: 'Skriv et norsk nummer med 8 siffer, for eksempel 912 34 567.',
      phoneNotNorwegian: 'Bare norske numre (+47) kan registreres.',
    },
    timeline: {
      filter: 'Kontaktinfo',
      title: 'Kontaktinfo endret',
      fields: 'Endret: {{fields}}',
    },
  },
  /** The report page's list of contact changes for billing (D3, managers). */
  contactReport: {
    title: 'Kontaktendringer',
    help: 'Kontaktopplysninger som kundebehandlere har rettet, med verdien før og etter, hvem som endret og når. Filen er den samme som faktureringen får fra kommandolinjen.',
    since: 'Fra og med dato',
    show: 'Vis endringer',
    hint: 'Velg en dato og trykk «Vis endringer».',
    count_one: '{{count}} endring fra og med {{date}}',
    count_other: '{{count}} endringer fra og med {{date}}',
    none: 'Ingen kontaktendringer fra og med {{date}}.',
    listLabel: 'Kontaktendringer fra og med {{date}}',
    at: 'Tidspunkt',
    member: 'Medlem',
    field: 'Felt',
    before: 'Før',
    after: 'Etter',
    changedBy: 'Endret av',
    blank: 'tom',
    export: 'Last ned endringene som CSV',
    exporting: 'Lager filen …',
    exported_one: 'Ferdig: {{count}} endring fra og med {{date}} lagret i {{path}}',
    exported_other: 'Ferdig: {{count}} endringer fra og med {{date}} lagret i {{path}}',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape en-contact.ts must fill. */
export type ContactMessages = Strings<typeof nbContact>;
