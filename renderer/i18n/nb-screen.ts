/**
 * Norsk bokmål for issue 12, "the screen back": the compact launch bar (L3, L5) and its status
 * chip after 10:00, and the read-only note on screens a role may read but not act on. Registered
 * in index.ts beside nb.ts; en-screen.ts is typed against this file.
 */
export const nbScreen = {
  launchBar: {
    /** The products button: how many, and (L5) how many of them are sold out. */
    products_one: '{{count}} produkt',
    products_other: '{{count}} produkter',
    soldOut_one: '{{count}} utsolgt',
    soldOut_other: '{{count}} utsolgt',
    productsHint: 'Vis lanseringsvarene med lagerstatus',
    productsTitle: 'Lanseringsvarer',
    liveStock: 'Lagertallene oppdateres av seg selv.',
    expand: 'Vis hele lanseringsdagen',
    collapse: 'Vis mindre av lanseringsdagen',
    details: 'Lanseringsdagen',
    chip: 'Lansering: åpent',
    chipHint: 'Vis lanseringsdagen: tidslinje, varer og lager, manus',
  },
  readOnly: {
    heldOrders: 'Bare lesing. Du ser de holdte ordrene, men bare kundebehandlere og teamledere registrerer, bestiller og trekker dem tilbake.',
  },
} as const;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type ScreenMessages = Strings<typeof nbScreen>;
