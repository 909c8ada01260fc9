/**
 * Fixed Norwegian material for the demo data: real postcodes with their places, names with
 * æ, ø and å (faker's nb_NO lists hold few), the earning table, the bonus catalog, plans,
 * launches and note texts. Plain data, no logic.
 */

/** Real four-digit postcodes with the place Posten gives them. Oslo repeats so it weighs more. */
export const POSTCODES: readonly (readonly [string, string])[] = [
  ['0150', 'Oslo'],
  ['0151', 'Oslo'],
  ['0250', 'Oslo'],
  ['0368', 'Oslo'],
  ['0470', 'Oslo'],
  ['0557', 'Oslo'],
  ['0661', 'Oslo'],
  ['0765', 'Oslo'],
  ['0870', 'Oslo'],
  ['0976', 'Oslo'],
  ['1163', 'Oslo'],
  ['1337', 'Sandvika'],
  ['1340', 'Skui'],
  ['1360', 'Fornebu'],
  ['1410', 'Kolbotn'],
  ['1440', 'Drøbak'],
  ['1470', 'Lørenskog'],
  ['1530', 'Moss'],
  ['1604', 'Fredrikstad'],
  ['1706', 'Sarpsborg'],
  ['1767', 'Halden'],
  ['1813', 'Askim'],
  ['1920', 'Sørumsand'],
  ['2000', 'Lillestrøm'],
  ['2050', 'Jessheim'],
  ['2212', 'Kongsvinger'],
  ['2317', 'Hamar'],
  ['2406', 'Elverum'],
  ['2609', 'Lillehammer'],
  ['2750', 'Gran'],
  ['2815', 'Gjøvik'],
  ['3015', 'Drammen'],
  ['3117', 'Tønsberg'],
  ['3211', 'Sandefjord'],
  ['3256', 'Larvik'],
  ['3300', 'Hokksund'],
  ['3510', 'Hønefoss'],
  ['3616', 'Kongsberg'],
  ['3715', 'Skien'],
  ['3921', 'Porsgrunn'],
  ['4006', 'Stavanger'],
  ['4050', 'Sola'],
  ['4306', 'Sandnes'],
  ['4400', 'Flekkefjord'],
  ['4515', 'Mandal'],
  ['4610', 'Kristiansand'],
  ['4836', 'Arendal'],
  ['5003', 'Bergen'],
  ['5147', 'Fyllingsdalen'],
  ['5221', 'Nesttun'],
  ['5353', 'Straume'],
  ['5411', 'Stord'],
  ['5527', 'Haugesund'],
  ['5700', 'Voss'],
  ['6002', 'Ålesund'],
  ['6100', 'Volda'],
  ['6413', 'Molde'],
  ['6509', 'Kristiansund N'],
  ['6800', 'Førde'],
  ['7010', 'Trondheim'],
  ['7170', 'Åfjord'],
  ['7500', 'Stjørdal'],
  ['7600', 'Levanger'],
  ['7725', 'Steinkjer'],
  ['7800', 'Namsos'],
  ['8006', 'Bodø'],
  ['8300', 'Svolvær'],
  ['8400', 'Sortland'],
  ['8514', 'Narvik'],
  ['8607', 'Mo i Rana'],
  ['8800', 'Sandnessjøen'],
  ['9008', 'Tromsø'],
  ['9300', 'Finnsnes'],
  ['9480', 'Harstad'],
  ['9510', 'Alta'],
  ['9520', 'Kautokeino'],
  ['9600', 'Hammerfest'],
  ['9800', 'Vadsø'],
  ['9900', 'Kirkenes'],
];

/** Norwegian first names with æ, ø or å, by sex. */
export const AEOA_FIRST_FEMALE: readonly string[] = [
  'Åse', 'Åsa', 'Åshild', 'Åslaug', 'Åsne', 'Bjørg', 'Sølvi', 'Gøril', 'Målfrid', 'Ingebjørg',
  'Eldbjørg', 'Gunnbjørg', 'Øydis', 'Solvår', 'Kjærsti', 'Hjørdis', 'Dagbjørg', 'Åsta', 'Åsrun', 'Torbjørg',
];
export const AEOA_FIRST_MALE: readonly string[] = [
  'Bjørn', 'Øyvind', 'Kåre', 'Pål', 'Jørgen', 'Håkon', 'Ståle', 'Åsmund', 'Sigbjørn', 'Ørjan',
  'Bjørnar', 'Håvard', 'Øystein', 'Jørund', 'Torbjørn', 'Sæmund', 'Ådne', 'Ånund', 'Jørn', 'Sølve',
];
/** Norwegian family names with æ, ø or å. */
export const AEOA_LAST: readonly string[] = [
  'Sæbø', 'Løvås', 'Grønli', 'Bråthen', 'Håland', 'Sælen', 'Østby', 'Ødegård', 'Åsheim', 'Dæhli',
  'Sørensen', 'Kjærnes', 'Brænden', 'Følstad', 'Gjørv', 'Mælen', 'Nærland', 'Rønning', 'Sæterdal', 'Søvik',
  'Tjøtta', 'Vågen', 'Åmodt', 'Øien', 'Hårstad', 'Bøe', 'Høyland', 'Strømme', 'Fløtten', 'Mjøs',
  'Skjærvø', 'Lødøen', 'Kværner', 'Brøndbo', 'Tønnessen', 'Skaråsen', 'Sjøberg', 'Gåsland', 'Løkkevik', 'Nærø',
];

export const EMAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'gmail.com', 'gmail.com', 'online.no', 'hotmail.com', 'outlook.com', 'icloud.com', 'live.no', 'yahoo.no', 'altibox.no', 'lyse.net', 'c2i.net',
];

/** B2: the earning table (product → points per unit). */
export interface EarningProductData {
  code: string;
  name: string;
  pointsPerUnit: number;
  active: boolean;
  /** Relative weight in deliveries. */
  weight: number;
}
export const EARNING_PRODUCTS: readonly EarningProductData[] = [
  { code: 'OMEGA3F', name: 'Omega-3 Forte', pointsPerUnit: 1_200, active: true, weight: 9 },
  { code: 'VITD3', name: 'Vitamin D3', pointsPerUnit: 500, active: true, weight: 8 },
  { code: 'TRAN', name: 'Tran naturell 500 ml', pointsPerUnit: 900, active: true, weight: 7 },
  { code: 'MAGNES', name: 'Magnesium 300 mg', pointsPerUnit: 650, active: true, weight: 6 },
  { code: 'VITC', name: 'Vitamin C 500 mg', pointsPerUnit: 400, active: true, weight: 5 },
  { code: 'MULTIK', name: 'Multivitamin Kvinne', pointsPerUnit: 750, active: true, weight: 5 },
  { code: 'MULTIM', name: 'Multivitamin Mann', pointsPerUnit: 750, active: true, weight: 4 },
  { code: 'B12', name: 'Vitamin B12', pointsPerUnit: 400, active: true, weight: 3 },
  { code: 'JERN', name: 'Jern + C', pointsPerUnit: 300, active: true, weight: 3 },
  { code: 'PROBIO', name: 'Probiotika Daglig', pointsPerUnit: 1_000, active: true, weight: 4 },
  { code: 'KOLLAG', name: 'Kollagen Pulver', pointsPerUnit: 1_300, active: true, weight: 3 },
  { code: 'GLUKOS', name: 'Glukosamin Ledd', pointsPerUnit: 950, active: true, weight: 2 },
  { code: 'SINK', name: 'Sink 15 mg', pointsPerUnit: 250, active: false, weight: 1 },
];

/** B4: the bonus catalog. `final` is the state today; dates are days before "now". */
export interface BonusProductData {
  sku: string;
  name: string;
  description: string;
  pointsPrice: number;
  /** Stock today. */
  stock: number;
  state: 'available' | 'sold_out' | 'discontinued';
  /** Days before today the product entered the catalog. */
  addedDaysAgo: number;
  /** Sold out or discontinued this many days ago (no orders after). */
  endedDaysAgo?: number;
}
export const BONUS_PRODUCTS: readonly BonusProductData[] = [
  { sku: 'BP-1001', name: 'Termokopp i stål', description: 'Holder kaffen varm i fire timer. 350 ml.', pointsPrice: 2_500, stock: 640, state: 'available', addedDaysAgo: 2400 },
  { sku: 'BP-1002', name: 'Pledd i ull', description: 'Mykt pledd i norsk ull, 130 × 170 cm.', pointsPrice: 9_000, stock: 85, state: 'available', addedDaysAgo: 2400 },
  { sku: 'BP-1003', name: 'Handlenett i bomull', description: 'Solid handlenett som tåler 15 kg.', pointsPrice: 800, stock: 2_300, state: 'available', addedDaysAgo: 2400 },
  { sku: 'BP-1004', name: 'Drikkeflaske 750 ml', description: 'Lekkasjesikker flaske uten BPA.', pointsPrice: 1_500, stock: 1_150, state: 'available', addedDaysAgo: 2300 },
  { sku: 'BP-1005', name: 'Yogamatte', description: 'Sklisikker matte, 6 mm tykk.', pointsPrice: 6_000, stock: 140, state: 'available', addedDaysAgo: 2100 },
  { sku: 'BP-1006', name: 'Tursekk 20 liter', description: 'Lett dagstursekk med regntrekk.', pointsPrice: 12_000, stock: 60, state: 'available', addedDaysAgo: 2000 },
  { sku: 'BP-1007', name: 'Gavekort 200 kr', description: 'Gavekort til bruk i nettbutikken.', pointsPrice: 4_000, stock: 5_000, state: 'available', addedDaysAgo: 2400 },
  { sku: 'BP-1008', name: 'Gavekort 500 kr', description: 'Gavekort til bruk i nettbutikken.', pointsPrice: 10_000, stock: 5_000, state: 'available', addedDaysAgo: 2400 },
  { sku: 'BP-1009', name: 'Kaffekopper, 4 stk', description: 'Steintøy i nordisk design.', pointsPrice: 5_000, stock: 210, state: 'available', addedDaysAgo: 1900 },
  { sku: 'BP-1010', name: 'Badehåndkle', description: 'Økologisk bomull, 70 × 140 cm.', pointsPrice: 3_500, stock: 430, state: 'available', addedDaysAgo: 1800 },
  { sku: 'BP-1011', name: 'Ullsokker', description: 'Varme sokker i merinoull, str. 36–46.', pointsPrice: 2_000, stock: 0, state: 'sold_out', addedDaysAgo: 1500, endedDaysAgo: 12 },
  { sku: 'BP-1012', name: 'Refleksvest', description: 'Synlig i mørket, én størrelse.', pointsPrice: 700, stock: 1_800, state: 'available', addedDaysAgo: 2400 },
  { sku: 'BP-1013', name: 'Hodelykt', description: 'Oppladbar, 300 lumen.', pointsPrice: 3_000, stock: 0, state: 'sold_out', addedDaysAgo: 1300, endedDaysAgo: 40 },
  { sku: 'BP-1014', name: 'Stavmikser', description: 'Stavmikser med hakkebolle.', pointsPrice: 8_000, stock: 45, state: 'available', addedDaysAgo: 1200 },
  { sku: 'BP-1015', name: 'Termos 1 liter', description: 'Klassisk termos i rustfritt stål.', pointsPrice: 4_500, stock: 260, state: 'available', addedDaysAgo: 2200 },
  { sku: 'BP-1016', name: 'Lue i merinoull', description: 'Strikket lue, flere farger.', pointsPrice: 2_800, stock: 0, state: 'discontinued', addedDaysAgo: 2300, endedDaysAgo: 400 },
  { sku: 'BP-1017', name: 'Kjøkkenvekt', description: 'Digital vekt opptil 5 kg.', pointsPrice: 3_200, stock: 12, state: 'discontinued', addedDaysAgo: 2400, endedDaysAgo: 700 },
  { sku: 'BP-1018', name: 'Strikkesett', description: 'Garn og pinner til et par votter.', pointsPrice: 2_200, stock: 0, state: 'sold_out', addedDaysAgo: 900, endedDaysAgo: 3 },
  { sku: 'BP-1019', name: 'Skjærefjøl i eik', description: 'Håndlaget skjærefjøl, 40 × 25 cm.', pointsPrice: 4_200, stock: 95, state: 'available', addedDaysAgo: 1000 },
  { sku: 'BP-1020', name: 'Solbriller', description: 'Polariserte solbriller med etui.', pointsPrice: 3_800, stock: 0, state: 'discontinued', addedDaysAgo: 1700, endedDaysAgo: 250 },
  { sku: 'BP-1021', name: 'Ryggsekk til barn', description: 'Liten sekk med refleks, 8 liter.', pointsPrice: 3_000, stock: 320, state: 'available', addedDaysAgo: 1100 },
  { sku: 'BP-1022', name: 'Grytekluter, 2 stk', description: 'Tykke grytekluter i lin.', pointsPrice: 900, stock: 1_250, state: 'available', addedDaysAgo: 2000 },
];

/** Launch days, relative to today, with their new products (which enter the catalog for the launch). */
export interface LaunchData {
  name: string;
  /** Days from today (negative: past). */
  inDays: number;
  scope: 'launch_products' | 'all_orders';
  status: 'planned' | 'cancelled';
  cancelReason?: string;
  products: readonly Omit<BonusProductData, 'addedDaysAgo'>[];
}
export const LAUNCHES: readonly LaunchData[] = [
  {
    name: 'Vårlansering',
    inDays: -590,
    scope: 'launch_products',
    status: 'planned',
    products: [{ sku: 'BP-2001', name: 'Fuglekasse i furu', description: 'Byggesett til fuglekasse.', pointsPrice: 2_400, stock: 0, state: 'sold_out', endedDaysAgo: 560 }],
  },
  {
    name: 'Høstslipp',
    inDays: -410,
    scope: 'launch_products',
    status: 'planned',
    products: [
      { sku: 'BP-2002', name: 'Votter i ull, begrenset opplag', description: 'Mønsterstrikket, nummerert.', pointsPrice: 3_600, stock: 0, state: 'sold_out', endedDaysAgo: 409 },
      { sku: 'BP-2003', name: 'Kakeboks med rosemaling', description: 'Håndmalt kakeboks.', pointsPrice: 5_200, stock: 18, state: 'available' },
    ],
  },
  {
    name: 'Julelansering',
    inDays: -330,
    scope: 'all_orders',
    status: 'planned',
    products: [{ sku: 'BP-2004', name: 'Julepledd', description: 'Rødt pledd med stjernemønster.', pointsPrice: 7_500, stock: 0, state: 'sold_out', endedDaysAgo: 320 }],
  },
  {
    name: 'Sommerslipp',
    inDays: -150,
    scope: 'launch_products',
    status: 'planned',
    products: [
      { sku: 'BP-2005', name: 'Piknikpledd', description: 'Vanntett underside, 150 × 200 cm.', pointsPrice: 4_800, stock: 140, state: 'available' },
      { sku: 'BP-2006', name: 'Kjølebag 24 liter', description: 'Holder kaldt i 24 timer.', pointsPrice: 6_500, stock: 0, state: 'sold_out', endedDaysAgo: 140 },
    ],
  },
  {
    name: 'Ekstra slipp (avlyst)',
    inDays: -60,
    scope: 'launch_products',
    status: 'cancelled',
    cancelReason: 'Leverandøren leverte ikke i tide',
    products: [],
  },
  {
    name: 'Høstlansering',
    inDays: 0,
    scope: 'launch_products',
    status: 'planned',
    products: [{ sku: 'BP-2007', name: 'Ullpledd «Fjellbris», nummerert', description: 'Begrenset opplag på 300.', pointsPrice: 11_000, stock: 300, state: 'available' }],
  },
  {
    name: 'Adventslansering',
    inDays: 9,
    scope: 'launch_products',
    status: 'planned',
    products: [
      { sku: 'BP-2008', name: 'Adventsstake i jern', description: 'Smidd stake til fire lys.', pointsPrice: 5_900, stock: 400, state: 'available' },
      { sku: 'BP-2009', name: 'Pepperkakeformer, 6 stk', description: 'Former i rustfritt stål.', pointsPrice: 1_200, stock: 900, state: 'available' },
    ],
  },
  {
    name: 'Nyttårsslipp',
    inDays: 23,
    scope: 'all_orders',
    status: 'planned',
    products: [{ sku: 'BP-2010', name: 'Treningsstrikk, sett', description: 'Fem strikk med ulik motstand.', pointsPrice: 2_600, stock: 500, state: 'available' }],
  },
];

/** Subscription plans with their monthly price in øre. */
export const PLANS: readonly (readonly [string, number])[] = [
  ['Omega-3 hver måned', 34_900],
  ['Vitaminpakken', 29_900],
  ['Familiepakken', 59_900],
  ['Trening og restitusjon', 44_900],
  ['Tran hver måned', 19_900],
  ['Kvartalspakken', 89_900],
];

export const NOTE_TEXTS: readonly string[] = [
  'Ringte om saldoen; forklarte at poeng utløper etter tre år.',
  'Spurte når bonusproduktet kommer; sendes med neste ordinære levering.',
  'Ønsker e-post i stedet for brev. Oppdatert e-postadresse.',
  'Klaget på forsinket levering av bonusprodukt. Beklaget og fulgt opp med lager.',
  'Vurderer å si opp abonnementet; forklarte hva som skjer med poengene (tak etter 60 dager).',
  'Ny adresse etter flytting, bekreftet på telefon.',
  'Lurte på hvorfor poeng var trukket; forklart utløp av gamle poeng.',
  'Ønsker ikke telefon fra selgere. Notert.',
];

export const CANCEL_REASONS: readonly string[] = [
  'Kunden angret bestillingen',
  'Produktet ble utsolgt før sending',
  'Feil produkt registrert; ny bestilling lagt inn',
];

export const OPT_OUT_REASONS: readonly string[] = [
  'Ønsker ikke å være med i bonusprogrammet',
  'Bruker ikke poengene',
  'Vil ikke motta tilbud',
];

export const KEEP_REASONS: readonly string[] = [
  'Ringte og ba om å beholde medlemskapet',
  'Sendte e-post: vil beholde medlemskapet og poengene',
];
