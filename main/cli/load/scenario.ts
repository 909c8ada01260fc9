import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract.js';
import type { HeldOrder } from '../../../shared/channels/held-orders.js';
import type { MemberHit, MemberPage } from '../../../shared/channels/members.js';
import type { BonusProduct, Redemption } from '../../../shared/channels/redemptions.js';
import type { Result } from '../../../shared/errors.js';
import { DeskHttp, sourceAddress } from './http.js';
import { Recorder, summarise, type Percentiles } from './stats.js';
import { mulberry32 } from '../random.js';

/**
 * What the load test plays (issue 11, "Load"): N agents at their desks and one supervisor, each
 * its own desk (cookie jar, sockets, source address), over the server's HTTP API only.
 *
 * An agent takes one caller after another (about one every 30 s at --think-scale 1: a very busy
 * centre, where real calls last minutes): waits for the caller to say who they are, types the
 * search key by key (every prefix a members.search, a newer one superseding the older as in
 * renderer/members/useMemberSearch.ts; the renderer's 120 ms debounce would drop some prefixes of
 * a fast typist, so this is the heavier case), opens the member page (the three calls
 * useMemberPage.ts makes), reads it, and then books a redemption (catalog, settings, quotes, create;
 * 8 % of them double-clicked, B7), writes a note, takes an email order held for a launch (L3:
 * register, list, book the next one), or just answers a question.
 *
 * Every desk keeps /api/events open and reacts as the renderer does (renderer/events.ts, each
 * reaction coalesced 120 ms): the launch banner asks launches.today every 15 s and on every
 * `stock`, `launches` or `held_orders` change; an open member page reads its three calls again when its member
 * (or no member in particular) changed; an open order dialog reads the catalog and its quote
 * again on `stock` (L5); the held-orders page reads its list again on `held_orders`. The
 * supervisor starts the monthly run (B6) with runs.startInBackground and watches jobs.status every
 * 300 ms, and its run page reads the history and service emails again on `jobs` (500 ms).
 *
 * Every loop is bounded in count and in time.
 */

export interface LoadOptions {
  server: URL;
  agents: number;
  seconds: number;
  /** The first seconds, when every desk starts at once, are reported apart from the figures. */
  warmupSeconds: number;
  /** Multiplies every think time (1 = the pace below; 0.2 = five times as busy). */
  thinkScale: number;
  seed: number;
  monthlyRun: boolean;
  /** When the supervisor starts the monthly run, seconds after the agents start. */
  runAtSeconds: number;
  /** How long to keep watching the run after the agents stop. */
  runTimeoutSeconds: number;
  lastUnit: boolean;
  lastUnitAgents: number;
  /** Agents take held launch orders (L3) too; off measures the rest without the held-orders page. */
  heldOrders: boolean;
  poolSize: number;
  admin: { username: string; password: string };
  agentPassword: string;
  log(line: string): void;
}

const MAX_INTERACTIONS = 100_000;
const MAX_KEYS = 60;
const BANNER_REFRESH_MS = 15_000;
/** useLaunchesToday.ts HELD_SPREAD_MS. */
const HELD_SPREAD_MS = 2_000;
/** renderer/events.ts COALESCE_MS, and the monthly-run page's JOBS_COALESCE_MS. */
const EVENT_COALESCE_MS = 120;
const JOBS_COALESCE_MS = 500;
const JOB_POLL_MS = 300;
const HEALTH_EVERY_MS = 250;
const SEARCH_LIMIT = 25;

export const AGENT_PREFIX = 'load-agent-';
export const SUPERVISOR = 'load-supervisor';

export function agentName(i: number): string {
  return `${AGENT_PREFIX}${String(i + 1).padStart(3, '0')}`;
}


interface Desk {
  readonly name: string;
  readonly http: DeskHttp;
  readonly rng: () => number;
  stopShell?: () => void;
  /** The member whose page is open, if any. */
  viewing: number | null;
  /** The open order dialog's order (what its quote asks), if any. */
  dialog: ChannelInput<'redemptions.quote'> | null;
  /** The held-orders page is open. */
  heldPage: boolean;
}

interface PoolMember {
  id: number;
  memberNo: number;
  firstName: string;
  lastName: string;
  phone: string | null;
  email: string | null;
}

/** A booking a desk was told about (or that the store shows). */
export interface Told {
  id: number;
  key: string;
  memberId: number;
  total: number;
  lines: { productId: number; quantity: number }[];
  via: 'redemptions.create' | 'heldOrders.book' | 'last-unit' | 'drain' | 'retry';
}

export class Bookings {
  readonly told = new Map<number, Told>();
  readonly keyToId = new Map<string, number>();
  readonly doubled: string[] = [];
  doubleClicks = 0;
  doubleClicksOneBooking = 0;
  unknownCreates: { desk: Desk; input: ChannelInput<'redemptions.create'> }[] = [];
  unknownHeld: { desk: Desk; heldOrderId: number }[] = [];
  resolvedUnknown = 0;
  heldRegistered = 0;
  heldBooked = 0;
  heldFailed = new Map<string, number>();
  refusedCreates = new Map<string, number>();
  quotesWithProblems = 0;
  notes = 0;

  tell(t: Told): void {
    const known = this.keyToId.get(t.key);
    if (known !== undefined && known !== t.id) this.doubled.push(`order form ${t.key} answered with redemption ${known} and with ${t.id}`);
    this.keyToId.set(t.key, t.id);
    const before = this.told.get(t.id);
    if (before !== undefined && before.key !== t.key) this.doubled.push(`redemption ${t.id} was told to order forms ${before.key} and ${t.key}`);
    if (before === undefined) this.told.set(t.id, t);
  }

  count(map: Map<string, number>, code: string): void {
    map.set(code, (map.get(code) ?? 0) + 1);
  }
}

export interface RunReport {
  month: string | null;
  skipped: string | null;
  jobId: string | null;
  /** ms after the load began (the Recorder's clock). */
  startedAt: number | null;
  endedAt: number | null;
  state: string | null;
  steps: { step: string; at: number; done: number }[];
  result: unknown;
  error: unknown;
  polls: number;
}

export interface LastUnitReport {
  skipped: string | null;
  product: { id: number; sku: string; name: string; pointsPrice: number } | null;
  drained: number;
  racers: number;
  booked: number;
  refusals: Record<string, number>;
  stockAfter: number | null;
  stateAfter: string | null;
  bookedIds: number[];
  ok: boolean;
}

export interface ChannelCheck {
  watermark: number;
  inStore: number;
  told: number;
  lost: number[];
  unexpected: number[];
  mismatched: string[];
  stock: { productId: number; sku: string; before: number; after: number; told: number }[];
  stockMismatches: string[];
}

export interface LoadReport {
  options: Omit<LoadOptions, 'log' | 'server' | 'admin' | 'agentPassword'> & { server: string };
  setup: { seconds: number; signIn: Percentiles; usersCreated: number; poolSize: number; maxMemberId: number; heldProduct: string | null; today: string };
  recorder: Recorder;
  loadEndedAt: number;
  run: RunReport;
  bookings: Bookings;
  lastUnit: LastUnitReport;
  check: ChannelCheck;
  clientLoopDelay: { p50: number; p99: number; max: number };
  events: number;
  reactions: Reactions;
  eventLog: { at: number; topics: string }[];
}

/** Calls desks made because their event stream said something changed, by screen. */
export interface Reactions {
  banner: number;
  memberPage: number;
  orderDialog: number;
  heldList: number;
  runPage: number;
}

/** The code a sample is filed under: the store's "busy" answer and a timeout get their own. */
export function codeOf(result: Result<unknown>): string | null {
  if (result.ok) return null;
  const { code, message } = result.error;
  if (code === 'conflict' && message.startsWith('The desk is busy')) return 'conflict:busy';
  if (code === 'unavailable' && message.includes('no answer within')) return 'timeout';
  return code;
}

class World {
  rec: Recorder;
  readonly bookings = new Bookings();
  readonly runId = randomBytes(4).toString('hex');
  pool: PoolMember[] = [];
  held: { launchOn: string; product: BonusProduct } | null = null;
  today = '';
  private formCounter = 0;
  private heldCounter = 0;
  events = 0;
  /** Calls a desk made because its event stream said something changed. */
  readonly reactions: Reactions = { banner: 0, memberPage: 0, orderDialog: 0, heldList: 0, runPage: 0 };
  /** Every change event as the first agent's desk heard it (ms on the load's clock, topics). */
  readonly eventLog: { at: number; topics: string }[] = [];
  eventLogger: Desk | null = null;
  /** Calls after this are filed under the tail (the last-unit race, the run's end), not the load. */
  deadline = Number.POSITIVE_INFINITY;
  /** Calls before this are the start (every desk begins at once on a cold server), reported apart. */
  warmup = 0;

  constructor(readonly options: LoadOptions) {
    this.rec = new Recorder(performance.now());
  }

  async call<C extends ChannelName>(desk: Desk, channel: C, input: ChannelInput<C>, interactive = true): Promise<Result<ChannelOutput<C>>> {
    const at = this.rec.now();
    const answer = await desk.http.invoke(channel, input);
    const agent = desk.name.startsWith(AGENT_PREFIX);
    const phase = at < this.warmup ? 'start' : at < this.deadline ? 'load' : 'after';
    this.rec.add({ channel, at, ms: answer.ms, code: codeOf(answer.result), interactive: interactive && agent && phase === 'load', who: agent ? 'agent' : 'other', phase });
    return answer.result;
  }

  formKey(desk: Desk, what: string): string {
    this.formCounter += 1;
    return `load-${this.runId}-${desk.name}-${what}-${this.formCounter}`;
  }

  /** Held orders keep their received time; each gets its own, before 10:00 Oslo on the launch day (L3). */
  heldReceivedAt(launchOn: string): string {
    this.heldCounter += 1;
    // 05:00Z is 06:00 or 07:00 in Oslo; the offsets stay under 2 h 58 min, so before 09:00 / 10:00.
    const offset = (Number.parseInt(this.runId, 16) % 1_000) * 3_000 + this.heldCounter * 997;
    return new Date(Date.parse(`${launchOn}T05:00:00.000Z`) + (offset % 10_700_000)).toISOString();
  }

  pause(desk: Desk, lo: number, hi: number, min = 0): Promise<void> {
    const wait = Math.max(min, (lo + desk.rng() * (hi - lo)) * this.options.thinkScale);
    return sleep(wait);
  }

  pick<T>(desk: Desk, items: readonly T[]): T | undefined {
    return items[Math.floor(desk.rng() * items.length)];
  }
}

function makeDesk(options: LoadOptions, name: string, addressIndex: number, seed: number): Desk {
  return { name, http: new DeskHttp({ server: options.server, localAddress: sourceAddress(options.server, addressIndex) }), rng: mulberry32(seed), viewing: null, dialog: null, heldPage: false };
}

async function signIn(desk: Desk, username: string, password: string, setup: number[]): Promise<void> {
  const answer = await desk.http.invoke('auth.login', { username, password });
  setup.push(answer.ms);
  if (!answer.result.ok) throw new Error(`could not sign in as ${username}: ${answer.result.error.code}: ${answer.result.error.message}`);
  if (!desk.http.signedIn) throw new Error(`signing in as ${username} set no desk_session cookie`);
}

/** Runs `work` over `items`, `width` at a time. */
async function inTurn<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const i = next;
      next += 1;
      const item = items[i];
      if (item === undefined) return;
      await work(item, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
}

function unwrap<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

// ---------------------------------------------------------------- setup

async function setUp(w: World, admin: Desk, supervisor: Desk, agents: Desk[]): Promise<LoadReport['setup']> {
  const { options } = w;
  const started = performance.now();
  const signIns: number[] = [];
  await signIn(admin, options.admin.username, options.admin.password, signIns);
  // The load's own users: created once through the server as the admin (users.create), kept for later runs.
  const existing = new Set(unwrap(await w.call(admin, 'users.list', {}, false), 'users.list').users.map((u) => u.username));
  const wanted = [
    { username: SUPERVISOR, displayName: 'Lasttest veileder', role: 'supervisor' as const },
    ...agents.map((a, i) => ({ username: a.name, displayName: `Lasttest agent ${i + 1}`, role: 'agent' as const })),
  ];
  let created = 0;
  for (const user of wanted) {
    if (existing.has(user.username)) continue;
    unwrap(await w.call(admin, 'users.create', { ...user, password: options.agentPassword }, false), `users.create ${user.username}`);
    created += 1;
    if (created % 20 === 0) options.log(`  created ${created} load users …`);
  }
  if (created > 0) options.log(`  created ${created} load users (${SUPERVISOR}, ${agentName(0)} …)`);
  await w.call(admin, 'auth.logout', {}, false);

  // Sign-ins cost a scrypt hash each on the server: a few at a time.
  await signIn(supervisor, SUPERVISOR, options.agentPassword, signIns);
  await inTurn(agents, 4, async (desk) => signIn(desk, desk.name, options.agentPassword, signIns));
  options.log(`  ${agents.length + 1} desks signed in (p50 ${summarise(signIns).p50.toFixed(0)} ms a sign-in)`);

  // The callers: a sample of members, read through the member page as a supervisor would.
  const exists = async (id: number): Promise<boolean> => (await w.call(supervisor, 'members.get', { memberId: id }, false)).ok;
  let hi = 1;
  if (!(await exists(1))) throw new Error('the desk has no member with id 1: seed it first (npm run load -- --prepare FILE)');
  for (let i = 0; i < 40 && (await exists(hi * 2)); i += 1) hi *= 2;
  let lo = hi;
  hi *= 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid;
    else hi = mid;
  }
  const maxId = lo;
  const rng = mulberry32(options.seed);
  const ids = new Set<number>();
  const size = Math.min(options.poolSize, maxId);
  for (let i = 0; ids.size < size && i < size * 20; i += 1) ids.add(1 + Math.floor(rng() * maxId));
  await inTurn([...ids], 6, async (id) => {
    const page = await w.call(supervisor, 'members.get', { memberId: id }, false);
    if (!page.ok) return;
    const m = page.value.member;
    if (m.anonymised) return;
    w.pool.push({ id: m.id, memberNo: m.memberNo, firstName: m.firstName, lastName: m.lastName, phone: m.phone, email: m.email });
  });
  w.pool.sort((a, b) => a.id - b.id);

  // Today (the server's Oslo date) and the launch whose early email orders are held (L3).
  const launches = unwrap(await w.call(supervisor, 'launches.list', { from: '2000-01-01', includeCancelled: false, limit: 500 }, false), 'launches.list');
  w.today = launches.today;
  const catalog = unwrap(await w.call(supervisor, 'catalog.list', { includeDiscontinued: true }, false), 'catalog.list').products;
  const stock = new Map(catalog.map((p) => [p.id, p]));
  let best: { launchOn: string; product: BonusProduct } | null = null;
  for (const launch of launches.launches) {
    if (launch.status !== 'planned' || launch.launchOn >= w.today) continue;
    for (const lp of launch.products) {
      const p = stock.get(lp.id);
      if (p === undefined || p.state !== 'available' || p.stock < 1 || p.sku.startsWith('LOAD-LAST')) continue;
      const score = (p.sku === 'LOAD-HELD' ? 1e12 : 0) + p.stock;
      const bestScore = best === null ? -1 : (best.product.sku === 'LOAD-HELD' ? 1e12 : 0) + best.product.stock;
      if (score > bestScore) best = { launchOn: launch.launchOn, product: p };
    }
  }
  w.held = best;
  return {
    seconds: (performance.now() - started) / 1000,
    signIn: summarise(signIns),
    usersCreated: created,
    poolSize: w.pool.length,
    maxMemberId: maxId,
    heldProduct: best === null ? null : `${best.product.sku} ${best.product.name} (launch ${best.launchOn}, stock ${best.product.stock})`,
    today: w.today,
  };
}

// ---------------------------------------------------------------- an agent

/** What the caller gives and the agent types: a name most often, else a number, a phone or an email. */
function queryText(desk: Desk, m: PoolMember): string {
  const r = desk.rng();
  if (r < 0.2) return String(m.memberNo);
  if (r < 0.32 && m.phone !== null) return m.phone.startsWith('+47') ? m.phone.slice(3) : m.phone.replace(/[^\d]/g, '');
  if (r < 0.38 && m.email !== null) return m.email;
  return `${m.firstName} ${m.lastName}`.toLowerCase();
}

async function typeSearch(w: World, desk: Desk, target: PoolMember): Promise<void> {
  const text = queryText(desk, target);
  let sent = 0;
  let shown: readonly MemberHit[] = [];
  let last = '';
  const pending: Promise<void>[] = [];
  for (let k = 1; k <= Math.min(text.length, MAX_KEYS); k += 1) {
    const wanted = text.slice(0, k).trim();
    if (wanted !== '' && wanted !== last) {
      last = wanted;
      sent += 1;
      const mine = sent;
      // Only the answer to the newest query is shown (renderer/members/useMemberSearch.ts).
      pending.push(
        w.call(desk, 'members.search', { query: wanted, limit: SEARCH_LIMIT }).then((r) => {
          if (mine === sent && r.ok) shown = r.value.items;
        }),
      );
    }
    await w.pause(desk, 80, 220, 15);
    if (shown.some((h) => h.id === target.id)) break;
  }
  await Promise.all(pending);
}

/** The three calls useMemberPage.ts makes when a member opens (and again after a change); the redemptions are in the timeline (issue 12). */
async function memberPage(w: World, desk: Desk, memberId: number): Promise<MemberPage | null> {
  const [page] = await Promise.all([
    w.call(desk, 'members.get', { memberId }),
    w.call(desk, 'points.explain', { memberId }),
    w.call(desk, 'members.timeline', { memberId, limit: 100 }),
  ]);
  return page.ok ? page.value : null;
}

function hasNextDelivery(page: MemberPage): boolean {
  return page.subscriptions.some((s) => s.status === 'active' && s.nextDeliveryOn !== null);
}

function toldFrom(r: Redemption, key: string, via: Told['via']): Told {
  return { id: r.id, key, memberId: r.memberId, total: r.totalPoints, lines: r.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), via };
}

async function redeem(w: World, desk: Desk, page: MemberPage): Promise<boolean> {
  const memberId = page.member.id;
  // Opening the dialog: the catalog and the desk settings (RedemptionDialog.tsx).
  desk.dialog = { memberId, channel: 'phone', lines: [], delivery: 'next_delivery' };
  const [catalog, settings] = await Promise.all([w.call(desk, 'catalog.list', { includeDiscontinued: true }), w.call(desk, 'settings.desk', {})]);
  if (!catalog.ok || !settings.ok) return true;
  const balance = page.member.balance;
  const products = catalog.value.products.filter((p) => p.state === 'available' && p.stock > 0 && p.launchOn === null && !p.sku.startsWith('LOAD-') && p.pointsPrice <= balance);
  const product = w.pick(desk, products);
  if (product === undefined) return false;
  const delivery = hasNextDelivery(page) && desk.rng() < 0.85 ? ('next_delivery' as const) : ('separate' as const);
  await w.pause(desk, 1_000, 3_000);
  let quantity = 1;
  const order = (q: number): ChannelInput<'redemptions.quote'> => ({ memberId, channel: 'phone', lines: [{ productId: product.id, quantity: q }], delivery });
  desk.dialog = order(1);
  let quote = await w.call(desk, 'redemptions.quote', order(1));
  if (desk.rng() < 0.3 && product.pointsPrice * 2 <= balance && product.stock >= 2) {
    await w.pause(desk, 600, 1_500);
    quantity = 2;
    desk.dialog = order(2);
    quote = await w.call(desk, 'redemptions.quote', order(2));
  }
  if (!quote.ok) return true;
  if (quote.value.problems.length > 0) {
    // The agent tells the caller why not (too few points since, sold out meanwhile).
    w.bookings.quotesWithProblems += 1;
    return true;
  }
  // B7: the caller confirms two details; the agent confirms the order.
  await w.pause(desk, 1_000, 2_500);
  const input: ChannelInput<'redemptions.create'> = {
    ...order(quantity),
    identity: { memberNo: true, phone: true, address: false, email: false },
    idempotencyKey: w.formKey(desk, 'order'),
    postageOre: quote.value.postageOre,
  };
  const double = desk.rng() < 0.08;
  const answers = await Promise.all((double ? [0, 1] : [0]).map(() => w.call(desk, 'redemptions.create', input)));
  settleCreate(w, desk, input, answers, double, 'redemptions.create');
  // Booked: the dialog shows the receipt and no longer follows the stock; the page reads again.
  desk.dialog = null;
  if (answers.some((a) => a.ok)) await memberPage(w, desk, memberId);
  return true;
}

function settleCreate(w: World, desk: Desk, input: ChannelInput<'redemptions.create'>, answers: Result<ChannelOutput<'redemptions.create'>>[], double: boolean, via: Told['via']): void {
  const b = w.bookings;
  const ids = new Set<number>();
  let unknown = false;
  for (const a of answers) {
    if (a.ok) {
      ids.add(a.value.redemption.id);
      b.tell(toldFrom(a.value.redemption, input.idempotencyKey, via));
    } else if (a.error.code === 'unavailable') unknown = true;
    else b.count(b.refusedCreates, codeOf(a) ?? a.error.code);
  }
  if (unknown && ids.size === 0) b.unknownCreates.push({ desk, input });
  if (double) {
    b.doubleClicks += 1;
    const firsts = answers.filter((a) => a.ok && !a.value.repeated).length;
    if (ids.size <= 1 && firsts <= 1) b.doubleClicksOneBooking += 1;
    else b.doubled.push(`double-click on ${input.idempotencyKey} booked ${ids.size} redemptions (${firsts} first answers)`);
  }
}

async function note(w: World, desk: Desk, page: MemberPage): Promise<void> {
  await w.pause(desk, 3_000, 8_000);
  const saved = await w.call(desk, 'members.addNote', { memberId: page.member.id, body: `Lasttest (${desk.name}): kunden ringte om poengsaldoen og neste levering.` });
  if (saved.ok) {
    w.bookings.notes += 1;
    await w.call(desk, 'members.timeline', { memberId: page.member.id, limit: 100 });
  }
}

/** L3: an email order that came in before 10:00 on the launch day is held, then booked oldest first. */
async function heldOrder(w: World, desk: Desk, page: MemberPage): Promise<boolean> {
  const held = w.held;
  if (held === null || !w.options.heldOrders || !page.redeem.allowed || page.member.balance < held.product.pointsPrice) return false;
  await w.pause(desk, 2_000, 5_000);
  const registered = await w.call(desk, 'heldOrders.register', {
    memberId: page.member.id,
    email: { from: page.member.email ?? `medlem${page.member.memberNo}@example.no`, receivedAt: w.heldReceivedAt(held.launchOn), subject: 'Bestilling av lanseringsvare' },
    lines: [{ productId: held.product.id, quantity: 1 }],
    delivery: hasNextDelivery(page) ? 'next_delivery' : 'separate',
    identity: { memberNo: true, phone: false, address: false, email: true },
  });
  if (!registered.ok) return true;
  w.bookings.heldRegistered += 1;
  // The held-orders page (HeldOrdersPage.tsx lists resolved ones too); book the one marked next.
  await w.pause(desk, 500, 1_500);
  desk.heldPage = true;
  const list = await w.call(desk, 'heldOrders.list', { includeResolved: true });
  let next: HeldOrder | undefined = list.ok ? list.value.heldOrders.find((h) => h.next) : undefined;
  if (next === undefined) {
    const open = await w.call(desk, 'heldOrders.list', { includeResolved: false });
    next = open.ok ? open.value.heldOrders.find((h) => h.next) : undefined;
  }
  if (next === undefined) return true;
  await w.pause(desk, 1_000, 2_000);
  const booked = await w.call(desk, 'heldOrders.book', { heldOrderId: next.id });
  settleHeld(w, desk, next.id, booked);
  return true;
}

function settleHeld(w: World, desk: Desk, heldOrderId: number, booked: Result<ChannelOutput<'heldOrders.book'>>): void {
  const b = w.bookings;
  if (booked.ok) {
    if (booked.value.redemption !== null) {
      b.heldBooked += 1;
      b.tell(toldFrom(booked.value.redemption, `held-order-${heldOrderId}`, 'heldOrders.book'));
    } else b.count(b.heldFailed, booked.value.problem?.code ?? 'failed');
  } else if (booked.error.code === 'unavailable') b.unknownHeld.push({ desk, heldOrderId });
  else b.count(b.heldFailed, codeOf(booked) ?? booked.error.code);
}

async function interaction(w: World, desk: Desk): Promise<void> {
  const target = w.pick(desk, w.pool);
  if (target === undefined) return;
  // The caller says who they are.
  await w.pause(desk, 2_000, 6_000);
  await typeSearch(w, desk, target);
  await w.pause(desk, 500, 1_500);
  const page = await memberPage(w, desk, target.id);
  if (page === null) return;
  desk.viewing = target.id;
  try {
    // Reading the page while the caller talks.
    await w.pause(desk, 4_000, 12_000);
    const roll = desk.rng();
    let done = false;
    if (roll < 0.3 && page.redeem.allowed) done = await redeem(w, desk, page);
    else if (roll >= 0.55 && roll < 0.65) done = await heldOrder(w, desk, page);
    if (!done && roll < 0.65) await note(w, desk, page);
    // Wrap-up before the next caller.
    await w.pause(desk, 3_000, 8_000);
  } finally {
    desk.viewing = null;
    desk.dialog = null;
    desk.heldPage = false;
  }
}

/** Answers a burst of events with one call, `ms` after the first (renderer/events.ts, onDeskChange). */
function coalesced(ms: number, stopped: () => boolean, work: () => void): { fire(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    fire: () => {
      if (timer !== undefined || stopped()) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (!stopped()) work();
      }, ms);
    },
    cancel: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

function changedTopics(event: unknown): { topics: unknown[]; memberId: unknown; productIds: unknown[] | undefined } | null {
  if (typeof event !== 'object' || event === null || !('kind' in event) || event.kind !== 'changed' || !('topics' in event) || !Array.isArray(event.topics)) return null;
  const productIds = 'productIds' in event && Array.isArray(event.productIds) ? (event.productIds as unknown[]) : undefined;
  return { topics: event.topics, memberId: 'memberId' in event ? event.memberId : undefined, productIds };
}

/**
 * What a desk does by itself, over its event stream (renderer/events.ts, each reaction coalesced
 * 120 ms): the launch banner asks launches.today every 15 s and on every `stock`, `launches` or `held_orders`
 * change (useLaunchesToday.ts); an open member page reads its three calls again on a change of its
 * member (MemberPage.tsx); an open order dialog reads the catalog and its quote again on a
 * `stock` change (RedemptionDialog.tsx); the held-orders page reads its list again on a
 * `held_orders` change (HeldOrdersPage.tsx).
 */
function startShell(w: World, desk: Desk): () => void {
  let stopped = false;
  const isStopped = (): boolean => stopped;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  // The banner's products (useLaunchesToday.ts): stock events about others leave it alone.
  let shown: readonly number[] = [];
  const load = (): void => {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    latest += 1;
    const mine = latest;
    void w.call(desk, 'launches.today', {}).then((r) => {
      if (stopped || mine !== latest) return;
      if (r.ok) shown = [...r.value.launches, ...r.value.upcoming].flatMap((launch) => launch.products.map((product) => product.id));
      // As useLaunchesToday.ts: each desk at its own moment (±20 %), not all 100 in the same millisecond.
      timer = setTimeout(load, BANNER_REFRESH_MS * (0.8 + 0.4 * desk.rng()));
    });
  };
  const banner = coalesced(EVENT_COALESCE_MS, isStopped, () => {
    w.reactions.banner += 1;
    load();
  });
  const page = coalesced(EVENT_COALESCE_MS, isStopped, () => {
    if (desk.viewing === null) return;
    w.reactions.memberPage += 1;
    void memberPage(w, desk, desk.viewing);
  });
  const dialog = coalesced(EVENT_COALESCE_MS, isStopped, () => {
    const order = desk.dialog;
    if (order === null) return;
    w.reactions.orderDialog += 1;
    void w.call(desk, 'catalog.list', { includeDiscontinued: true });
    if (order.lines.length > 0) void w.call(desk, 'redemptions.quote', order);
  });
  const held = coalesced(EVENT_COALESCE_MS, isStopped, () => {
    if (!desk.heldPage) return;
    w.reactions.heldList += 1;
    void w.call(desk, 'heldOrders.list', { includeResolved: true });
  });
  let soon: ReturnType<typeof setTimeout> | undefined;
  const heldSoon = (): void => {
    if (soon !== undefined || stopped) return;
    soon = setTimeout(() => {
      soon = undefined;
      banner.fire();
    }, desk.rng() * HELD_SPREAD_MS);
  };
  const stopEvents = desk.http.events((event) => {
    w.events += 1;
    const changed = changedTopics(event);
    if (changed === null) return;
    const { topics, memberId, productIds } = changed;
    if (w.eventLogger === desk && w.eventLog.length < 1_000_000) w.eventLog.push({ at: w.rec.now(), topics: topics.join('+') });
    const bannerStock = topics.includes('stock') && (productIds === undefined || productIds.some((id) => typeof id === 'number' && shown.includes(id)));
    if (bannerStock || topics.includes('launches')) banner.fire();
    // useLaunchesToday.ts: a held order registered, booked or withdrawn changes what can be
    // promised (issue 12); each desk asks again within 2 s, at its own moment.
    else if (topics.includes('held_orders')) heldSoon();
    if (topics.includes('members') && desk.viewing !== null && (memberId === undefined || memberId === desk.viewing)) page.fire();
    if (topics.includes('stock') && desk.dialog !== null) dialog.fire();
    if (topics.includes('held_orders') && desk.heldPage) held.fire();
  });
  load();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    if (soon !== undefined) clearTimeout(soon);
    for (const c of [banner, page, dialog, held]) c.cancel();
    stopEvents();
  };
}

/** The supervisor's monthly-run page: the banner, and the run history and service emails again on `jobs` changes (coalesced 500 ms). */
function startSupervisorShell(w: World, desk: Desk): () => void {
  let stopped = false;
  const history = coalesced(JOBS_COALESCE_MS, () => stopped, () => {
    w.reactions.runPage += 1;
    void w.call(desk, 'runs.list', {}, false);
    void w.call(desk, 'runs.serviceEmails', { onlyUnsent: true }, false);
  });
  const stopEvents = desk.http.events((event) => {
    const changed = changedTopics(event);
    if (changed !== null && changed.topics.includes('jobs')) history.fire();
  });
  return () => {
    stopped = true;
    history.cancel();
    stopEvents();
  };
}

async function agentLoop(w: World, desk: Desk, deadline: number): Promise<void> {
  await w.pause(desk, 0, 3_000);
  for (let i = 0; i < MAX_INTERACTIONS && w.rec.now() < deadline; i += 1) await interaction(w, desk);
}

// ---------------------------------------------------------------- the supervisor

async function monthlyRun(w: World, desk: Desk, report: RunReport, agentsDone: () => boolean): Promise<void> {
  const { options } = w;
  const wait = options.runAtSeconds * 1_000 - w.rec.now();
  if (wait > 0) await sleep(wait);
  const limit = Math.max(options.seconds, options.runAtSeconds) * 1_000 + options.runTimeoutSeconds * 1_000;
  // The supervisor opens the monthly-run page; on a busy desk it tries again (bounded).
  let list: ChannelOutput<'runs.list'> | null = null;
  for (let i = 0; i < 30 && list === null && w.rec.now() < limit; i += 1) {
    const answer = await w.call(desk, 'runs.list', {}, false);
    if (answer.ok) list = answer.value;
    else if (!isTransport(answer)) {
      report.skipped = `runs.list: ${answer.error.code}: ${answer.error.message}`;
      return;
    } else await sleep(5_000);
  }
  if (list === null) {
    report.skipped = 'runs.list never answered';
    return;
  }
  const month = list.nextMonth;
  report.month = month;
  if (month === null) {
    report.skipped = 'there is no month to run';
    return;
  }
  if (list.nextAllowedFrom !== null && list.nextAllowedFrom > w.today) {
    report.skipped = `the run for ${month} can be made from ${list.nextAllowedFrom} (today is ${w.today}); prepare the database with npm run load -- --prepare`;
    return;
  }
  report.startedAt = w.rec.now();
  const started = await w.call(desk, 'runs.startInBackground', { month }, false);
  if (started.ok) {
    report.jobId = started.value.jobId;
    await watchJob(w, desk, report, started.value.jobId, limit, agentsDone);
    return;
  }
  if (!isTransport(started) && started.error.code !== 'run_in_progress') {
    report.skipped = `runs.startInBackground: ${started.error.code}: ${started.error.message}`;
    report.startedAt = null;
    return;
  }
  // The answer was lost (or the run had started already): follow the run in the history instead.
  report.steps.push({ step: `(start answered ${codeOf(started) ?? ''}; following runs.list)`, at: w.rec.now(), done: 0 });
  for (let i = 0; i < 100_000 && w.rec.now() < limit; i += 1) {
    await sleep(2_000);
    const answer = await w.call(desk, 'runs.list', {}, false);
    report.polls += 1;
    const run = answer.ok ? answer.value.runs.find((r) => r.month === month) : undefined;
    if (run?.status === 'done') {
      report.endedAt = w.rec.now();
      report.state = 'done';
      report.result = run;
      return;
    }
  }
  report.state = 'still running';
}

function isTransport(result: Result<unknown>): boolean {
  return !result.ok && result.error.code === 'unavailable';
}

async function watchJob(w: World, desk: Desk, report: RunReport, jobId: string, limit: number, agentsDone: () => boolean): Promise<void> {
  let step: string | null = null;
  for (let i = 0; i < 1_000_000 && w.rec.now() < limit; i += 1) {
    await sleep(JOB_POLL_MS);
    const status = await w.call(desk, 'jobs.status', { jobId }, false);
    report.polls += 1;
    if (!status.ok) continue;
    if (status.value.step !== step) {
      step = status.value.step;
      report.steps.push({ step: step ?? '', at: w.rec.now(), done: status.value.done });
    } else {
      const last = report.steps.at(-1);
      if (last !== undefined) last.done = status.value.done;
    }
    if (status.value.state !== 'running') {
      report.endedAt = w.rec.now();
      report.state = status.value.state;
      report.result = status.value.result;
      report.error = status.value.error;
      return;
    }
    // Once the agents are done, watch more slowly: nothing else is measured.
    if (agentsDone()) await sleep(700);
  }
  report.state = 'still running';
}

// ---------------------------------------------------------------- the last unit

async function lastUnit(w: World, supervisor: Desk, racers: Desk[]): Promise<LastUnitReport> {
  const report: LastUnitReport = { skipped: null, product: null, drained: 0, racers: racers.length, booked: 0, refusals: {}, stockAfter: null, stateAfter: null, bookedIds: [], ok: false };
  const catalog = unwrap(await w.call(supervisor, 'catalog.list', { includeDiscontinued: false }, false), 'catalog.list').products;
  let product = catalog.find((p) => p.sku.startsWith('LOAD-LAST') && p.state === 'available' && p.stock === 1);
  if (product === undefined) {
    // No prepared last-unit product: a launch product of a past launch with a small stock, brought down to one.
    const launches = unwrap(await w.call(supervisor, 'launches.list', { from: '2000-01-01', includeCancelled: false, limit: 500 }, false), 'launches.list');
    const launchProducts = new Set(launches.launches.filter((l) => l.launchOn < w.today).flatMap((l) => l.products.map((p) => p.id)));
    product = catalog.filter((p) => launchProducts.has(p.id) && p.state === 'available' && p.stock >= 1 && p.stock <= 31).sort((a, b) => a.stock - b.stock)[0];
  }
  if (product === undefined) {
    report.skipped = 'no launch product with one unit left (or a few to book first); npm run load -- --prepare adds them';
    return report;
  }
  report.product = { id: product.id, sku: product.sku, name: product.name, pointsPrice: product.pointsPrice };
  const price = product.pointsPrice;
  const settings = unwrap(await w.call(supervisor, 'settings.desk', {}, false), 'settings.desk');

  // Buyers: members who may redeem and can pay (checked on their member page now).
  const rng = mulberry32(w.options.seed + 17);
  const order = [...w.pool];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as PoolMember, order[i] as PoolMember];
  }
  const buyers: MemberPage[] = [];
  let toDrain = product.stock - 1;
  const drainers: MemberPage[] = [];
  for (const m of order.slice(0, 2_000)) {
    if (buyers.length >= racers.length && toDrain <= 0) break;
    const page = await w.call(supervisor, 'members.get', { memberId: m.id }, false);
    if (!page.ok || !page.value.redeem.allowed || page.value.member.balance < price) continue;
    if (toDrain > 0) {
      drainers.push(page.value);
      toDrain -= Math.min(99, Math.floor(page.value.member.balance / price));
    } else buyers.push(page.value);
  }
  if (buyers.length < racers.length || toDrain > 0) {
    report.skipped = `too few members in the sample can pay ${price} points (${buyers.length} of ${racers.length})`;
    return report;
  }
  const input = (desk: Desk, page: MemberPage, quantity: number, what: string): ChannelInput<'redemptions.create'> => {
    const delivery = hasNextDelivery(page) ? ('next_delivery' as const) : ('separate' as const);
    return {
      memberId: page.member.id,
      channel: 'phone',
      lines: [{ productId: product.id, quantity }],
      delivery,
      identity: { memberNo: true, phone: true, address: false, email: false },
      idempotencyKey: w.formKey(desk, what),
      postageOre: delivery === 'separate' ? settings.postageOre : 0,
    };
  };
  const first = racers[0];
  if (first === undefined) {
    report.skipped = 'no agents';
    return report;
  }
  let remaining = product.stock - 1;
  for (const page of drainers) {
    if (remaining <= 0) break;
    const quantity = Math.min(remaining, 99, Math.floor(page.member.balance / price));
    const form = input(first, page, quantity, 'drain');
    const answer = await w.call(first, 'redemptions.create', form, false);
    settleCreate(w, first, form, [answer], false, 'drain');
    if (!answer.ok) {
      report.skipped = `bringing ${product.sku} down to one unit failed: ${answer.error.code}: ${answer.error.message}`;
      return report;
    }
    remaining -= quantity;
    report.drained += quantity;
  }
  // Every racer has the order dialog open and the quote says one in stock; all confirm at once.
  const forms = racers.map((desk, i) => input(desk, buyers[i] as MemberPage, 1, 'last-unit'));
  await Promise.all(
    racers.map((desk, i) => {
      const { memberId, channel, lines, delivery } = forms[i] as ChannelInput<'redemptions.create'>;
      return w.call(desk, 'redemptions.quote', { memberId, channel, lines, delivery }, false);
    }),
  );
  const answers = await Promise.all(racers.map((desk, i) => w.call(desk, 'redemptions.create', forms[i] as ChannelInput<'redemptions.create'>, false)));
  answers.forEach((answer, i) => {
    const form = forms[i] as ChannelInput<'redemptions.create'>;
    if (answer.ok) {
      report.booked += 1;
      report.bookedIds.push(answer.value.redemption.id);
      w.bookings.tell(toldFrom(answer.value.redemption, form.idempotencyKey, 'last-unit'));
    } else {
      const code = codeOf(answer) ?? answer.error.code;
      report.refusals[code] = (report.refusals[code] ?? 0) + 1;
      if (answer.error.code === 'unavailable') w.bookings.unknownCreates.push({ desk: racers[i] as Desk, input: form });
    }
  });
  const after = unwrap(await w.call(supervisor, 'catalog.list', { includeDiscontinued: true }, false), 'catalog.list').products.find((p) => p.id === product.id);
  report.stockAfter = after?.stock ?? null;
  report.stateAfter = after?.state ?? null;
  const refusedRightly = Object.entries(report.refusals).every(([code]) => code === 'sold_out' || code === 'insufficient_stock');
  report.ok = report.booked === 1 && report.stockAfter === 0 && refusedRightly;
  return report;
}

// ---------------------------------------------------------------- after the load

/** Calls whose answer never came: the agent tries again with the same order form (B7's idempotency key). */
async function resolveUnknown(w: World, supervisor: Desk): Promise<void> {
  const b = w.bookings;
  for (const { desk, input } of b.unknownCreates.splice(0)) {
    const answer = await w.call(desk, 'redemptions.create', input, false);
    if (answer.ok) b.tell(toldFrom(answer.value.redemption, input.idempotencyKey, 'retry'));
    if (answer.ok || answer.error.code !== 'unavailable') b.resolvedUnknown += 1;
    else b.unknownCreates.push({ desk, input });
  }
  if (b.unknownHeld.length === 0) return;
  const list = await w.call(supervisor, 'heldOrders.list', { includeResolved: true }, false);
  for (const { desk, heldOrderId } of b.unknownHeld.splice(0)) {
    const order = list.ok ? list.value.heldOrders.find((h) => h.id === heldOrderId) : undefined;
    if (order?.status === 'booked' && order.redemptionId !== null) {
      const r = await w.call(supervisor, 'redemptions.list', { beforeId: order.redemptionId + 1, limit: 1 }, false);
      const redemption = r.ok ? r.value.redemptions[0] : undefined;
      if (redemption !== undefined && redemption.id === order.redemptionId) {
        b.tell(toldFrom(redemption, `held-order-${heldOrderId}`, 'retry'));
        b.resolvedUnknown += 1;
        continue;
      }
    }
    if (order !== undefined && order.status !== 'held') b.resolvedUnknown += 1;
    else b.unknownHeld.push({ desk, heldOrderId });
  }
}

/** No lost or doubled bookings, through the channels: what the store lists since the start against what desks were told. */
async function checkThroughChannels(w: World, supervisor: Desk, watermark: number, stockBefore: Map<number, BonusProduct>): Promise<ChannelCheck> {
  const stored = new Map<number, Redemption>();
  let beforeId: number | undefined;
  for (let page = 0; page < 100_000; page += 1) {
    const r = unwrap(await w.call(supervisor, 'redemptions.list', { limit: 200, ...(beforeId === undefined ? {} : { beforeId }) }, false), 'redemptions.list');
    const fresh = r.redemptions.filter((x) => x.id > watermark);
    for (const x of fresh) stored.set(x.id, x);
    if (fresh.length < r.redemptions.length || r.redemptions.length === 0) break;
    beforeId = r.redemptions.at(-1)?.id;
  }
  const told = w.bookings.told;
  const lost = [...told.keys()].filter((id) => !stored.has(id)).sort((a, b) => a - b);
  const unexpected = [...stored.keys()].filter((id) => !told.has(id)).sort((a, b) => a - b);
  const mismatched: string[] = [];
  for (const [id, t] of told) {
    const s = stored.get(id);
    if (s === undefined) continue;
    const lines = s.lines.map((l) => `${l.productId}×${l.quantity}`).sort().join(',');
    const toldLines = t.lines.map((l) => `${l.productId}×${l.quantity}`).sort().join(',');
    if (s.memberId !== t.memberId || s.totalPoints !== t.total || lines !== toldLines) mismatched.push(`redemption ${id}: told member ${t.memberId} ${t.total} points [${toldLines}], stored member ${s.memberId} ${s.totalPoints} points [${lines}]`);
  }
  const after = unwrap(await w.call(supervisor, 'catalog.list', { includeDiscontinued: true }, false), 'catalog.list').products;
  const toldQty = new Map<number, number>();
  for (const t of told.values()) for (const l of t.lines) toldQty.set(l.productId, (toldQty.get(l.productId) ?? 0) + l.quantity);
  const stock: ChannelCheck['stock'] = [];
  const stockMismatches: string[] = [];
  for (const p of after) {
    const before = stockBefore.get(p.id);
    if (before === undefined) continue;
    const quantity = toldQty.get(p.id) ?? 0;
    if (quantity === 0 && before.stock === p.stock) continue;
    stock.push({ productId: p.id, sku: p.sku, before: before.stock, after: p.stock, told: quantity });
    if (before.stock - p.stock !== quantity) stockMismatches.push(`${p.sku}: stock ${before.stock} → ${p.stock} (−${before.stock - p.stock}) but desks were told of ${quantity} units`);
  }
  return { watermark, inStore: stored.size, told: told.size, lost, unexpected, mismatched, stock, stockMismatches };
}

// ---------------------------------------------------------------- the whole load

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const w = new World(options);
  const log = options.log;
  const admin = makeDesk(options, 'admin', 0, options.seed + 1);
  const supervisor = makeDesk(options, SUPERVISOR, 1, options.seed + 2);
  const agents = Array.from({ length: options.agents }, (_, i) => makeDesk(options, agentName(i), i + 2, options.seed + 100 + i));
  const health = makeDesk(options, 'health', options.agents + 2, options.seed + 3);
  const all = [admin, supervisor, health, ...agents];
  try {
    log(`Setting up on ${options.server.origin} …`);
    const setup = await setUp(w, admin, supervisor, agents);
    log(`  ${setup.poolSize} callers sampled from ${setup.maxMemberId.toLocaleString('nb-NO')} members; held email orders for ${setup.heldProduct ?? '(none: no past launch with stock)'}`);
    const watermark = unwrap(await w.call(supervisor, 'redemptions.list', { limit: 1 }, false), 'redemptions.list').redemptions[0]?.id ?? 0;
    const stockBefore = new Map(unwrap(await w.call(supervisor, 'catalog.list', { includeDiscontinued: true }, false), 'catalog.list').products.map((p) => [p.id, p]));

    // The load.
    w.rec = new Recorder(performance.now());
    const deadline = options.seconds * 1_000;
    w.deadline = deadline;
    w.warmup = Math.min(options.warmupSeconds * 1_000, deadline / 2);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    log(`Load: ${options.agents} agents for ${options.seconds} s (think times ×${options.thinkScale}); the monthly run ${options.monthlyRun ? `starts at ${options.runAtSeconds} s` : 'is not started'}`);
    w.eventLogger = agents[0] ?? null;
    for (const desk of agents) desk.stopShell = startShell(w, desk);
    if (options.monthlyRun) supervisor.stopShell = startSupervisorShell(w, supervisor);
    let agentsDone = false;
    const pinger = (async () => {
      for (let i = 0; i < 10_000_000 && !agentsDone; i += 1) {
        const at = w.rec.now();
        const answer = await health.http.health();
        w.rec.add({ channel: 'GET /api/health', at, ms: answer.ms, code: answer.ok ? null : 'unavailable', interactive: false, who: 'other', phase: at < w.warmup ? 'start' : at < deadline ? 'load' : 'after' });
        await sleep(HEALTH_EVERY_MS);
      }
    })();
    const run: RunReport = { month: null, skipped: options.monthlyRun ? null : 'not asked for (--no-run)', jobId: null, startedAt: null, endedAt: null, state: null, steps: [], result: null, error: null, polls: 0 };
    const supervising = options.monthlyRun ? monthlyRun(w, supervisor, run, () => agentsDone) : Promise.resolve();
    const progress = setInterval(() => {
      const s = Math.round(w.rec.now() / 1_000);
      const calls = w.rec.samples.filter((x) => x.interactive).length;
      const runState = run.startedAt === null ? '' : run.endedAt === null ? `, monthly run: ${run.steps.at(-1)?.step ?? 'starting'} ${run.steps.at(-1)?.done ?? 0}` : `, monthly run ${run.state ?? ''}`;
      log(`  ${s} s: ${calls} calls, ${w.bookings.told.size} bookings${runState}`);
    }, 15_000);
    progress.unref();
    try {
      await Promise.all(agents.map((desk) => agentLoop(w, desk, deadline)));
    } finally {
      agentsDone = true;
    }
    const loadEndedAt = w.rec.now();
    log(`  agents done at ${Math.round(loadEndedAt / 1_000)} s${run.startedAt !== null && run.endedAt === null ? '; waiting for the monthly run to end' : ''}`);
    await supervising;
    await pinger;
    clearInterval(progress);
    loop.disable();

    const lastUnitReport: LastUnitReport = options.lastUnit
      ? await lastUnit(w, supervisor, agents.slice(0, Math.min(options.lastUnitAgents, agents.length)))
      : { skipped: 'not asked for (--no-last-unit)', product: null, drained: 0, racers: 0, booked: 0, refusals: {}, stockAfter: null, stateAfter: null, bookedIds: [], ok: true };
    for (const desk of [...agents, supervisor]) desk.stopShell?.();
    await resolveUnknown(w, supervisor);
    const check = await checkThroughChannels(w, supervisor, watermark, stockBefore);
    return {
      options: { ...options, server: options.server.origin },
      setup,
      recorder: w.rec,
      loadEndedAt,
      run,
      bookings: w.bookings,
      lastUnit: lastUnitReport,
      check,
      // The histogram holds the time between its 10 ms ticks: what is beyond 10 ms is the delay.
      clientLoopDelay: { p50: Math.max(0, loop.percentile(50) / 1e6 - 10), p99: Math.max(0, loop.percentile(99) / 1e6 - 10), max: Math.max(0, loop.max / 1e6 - 10) },
      events: w.events,
      reactions: w.reactions,
      eventLog: w.eventLog,
    };
  } finally {
    for (const desk of all) {
      desk.stopShell?.();
      desk.http.close();
    }
  }
}
