/**
 * Norsk bokmål for connecting the desktop app to the centre's desk server (issue 11): the third
 * choice on the first-start screen, its address form, and the way out when a stored server
 * cannot be reached at start. Spread into nb.ts; en-remote.ts is typed against this file.
 */
export const nbRemote = {
  remote: {
    title: 'Bruk senterets server',
    body: 'Når flere skrivebord i senteret skal dele medlemmer, poeng og lager. Du trenger adressen til skrivebordsserveren fra administratoren.',
    button: 'Koble til senterets skrivebordsserver',
    formTitle: 'Senterets skrivebordsserver',
    formIntro: 'Skriv inn adressen til skrivebordsserveren slik administratoren har gitt den. Skrivebordet sjekker at serveren svarer før det kobler til.',
    address: 'Serveradresse',
    addressHelp: 'For eksempel https://bonus.senteret.no:8443',
    required: 'Skriv inn adressen til serveren.',
    submit: 'Koble til',
    busy: 'Kobler til …',
    back: 'Tilbake',
    connected: 'Koblet til {{url}}. Skrivebordet starter på nytt med innlogging på serveren …',
    problem: {
      address: 'Det er ikke en gyldig serveradresse. Skriv den som https://navn.på.serveren:port, uten noe etter porten.',
      insecure: 'En server på en annen maskin må bruke https://. Vanlig http:// er bare tillatt for en server på denne maskinen.',
      network: 'Fikk ikke kontakt med noen server på den adressen. Sjekk adressen, og at serveren kjører.',
      timeout: 'Serveren svarte ikke i tide. Prøv igjen om litt.',
      certificate: 'Serverens sertifikat er ikke godkjent på denne maskinen, så skrivebordet kobler ikke til. Be administratoren om hjelp.',
      status: 'Serveren svarer, men er ikke klar ennå. Prøv igjen om litt.',
      notDesk: 'Noe svarer på den adressen, men det er ikke en skrivebordsserver. Sjekk adressen.',
      setUp: 'Dette skrivebordet er allerede tatt i bruk, så det kobles ikke til en annen server herfra.',
    },
    startupHint: 'Hvis skrivebordsserveren har fått en ny adresse, kan du skrive den inn her.',
    change: 'Endre serveradressen',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type RemoteMessages = Strings<typeof nbRemote>;
