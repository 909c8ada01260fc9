import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { clockFrom } from '../clock.js';
import { openDesk } from '../desk.js';

/**
 * Issue 14, "Scale": `npm run bench:billing [-- --customers N --subscriptions M]` writes a
 * customers file of 1,000,000 rows and a subscriptions file of 1,200,000 rows into `.bench/`
 * (once; reused after), makes a fresh desk file, and applies both through the admin command line
 * (`import-billing`, a child process each: a job in a worker thread, in batches, as the screen's
 * apply), printing the time, the rows per second and the peak memory of each. The goal: both
 * under 2 minutes together on the 2-core development machine, in bounded memory.
 *
 * The subscriptions: every customer's first subscription (enrols the member, B1, with the
 * timeline event), a second one for every fifth customer, and a cancellation on every tenth row
 * (of a member's last subscription: B9 starts).
 */

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    subscriptions: { type: 'string', default: '1200000' },
    fresh: { type: 'boolean', default: false },
  },
});
const CUSTOMERS = Number(values.customers);
const SUBSCRIPTIONS = Number(values.subscriptions);
if (!Number.isInteger(CUSTOMERS) || CUSTOMERS < 1 || !Number.isInteger(SUBSCRIPTIONS) || SUBSCRIPTIONS < CUSTOMERS) {
  throw new Error('--customers N and --subscriptions M (M ≥ N) are whole numbers');
}
const NOW = '2026-12-01T09:00:00.000Z';
const FIRST_NO = 3_000_001;
const dir = '.bench';
mkdirSync(dir, { recursive: true });

const firstNames = ['Kari', 'Ola', 'Ingrid', 'Per', 'Åse', 'Bjørn', 'Sigrid', 'Lars', 'Marit', 'Øyvind', 'Hanne', 'Knut', 'Liv', 'Tor', 'Ragnhild', 'Eirik'];
const lastNames = ['Nordmann', 'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Berg', 'Haugen', 'Hagen', 'Bakke', 'Dahl', 'Sæther', 'Grønli'];
const places: [string, string][] = [['0150', 'Oslo'], ['5003', 'Bergen'], ['7010', 'Trondheim'], ['8400', 'Sortland'], ['9008', 'Tromsø'], ['4006', 'Stavanger'], ['3015', 'Drammen'], ['2609', 'Lillehammer']];
const streets = ['Storgata', 'Kirkeveien', 'Fjordveien', 'Skolegata', 'Bakkeveien', 'Strandgata'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Written under a temporary name and renamed when complete (a cut-off run leaves no half file). */
async function writeFile(path: string, header: string, rows: number, row: (i: number) => string): Promise<void> {
  const temp = `${path}.part`;
  const out = createWriteStream(temp, { encoding: 'utf8' });
  out.write(`\uFEFF${header}\r\n`);
  let chunk: string[] = [];
  for (let i = 0; i < rows; i += 1) {
    chunk.push(row(i));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\r\n')}\r\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\r\n')}\r\n`);
  out.end();
  await once(out, 'finish');
  renameSync(temp, path);
}

const customersFile = join(dir, `billing-customers-${CUSTOMERS}.csv`);
const subscriptionsFile = join(dir, `billing-subscriptions-${SUBSCRIPTIONS}.csv`);

if (values.fresh || !existsSync(customersFile)) {
  console.log(`Writing ${customersFile} …`);
  await writeFile(customersFile, 'member_no;first_name;last_name;address;postcode;city;email;phone;birth_date', CUSTOMERS, (i) => {
    const [postcode, city] = places[i % places.length] ?? ['0150', 'Oslo'];
    const first = firstNames[i % firstNames.length] ?? 'Kari';
    const last = lastNames[Math.floor(i / firstNames.length) % lastNames.length] ?? 'Nordmann';
    const email = i % 7 === 0 ? '' : `kunde${FIRST_NO + i}@example.no`;
    const phone = i % 5 === 0 ? '' : `9${pad(i % 10_000_000, 7)}`;
    return `${FIRST_NO + i};${first};${last};${streets[i % streets.length] ?? 'Storgata'} ${(i % 120) + 1};${postcode};${city};${email};${phone};${1940 + (i % 60)}-${pad((i % 12) + 1)}-${pad((i % 28) + 1)}`;
  });
}
if (values.fresh || !existsSync(subscriptionsFile)) {
  console.log(`Writing ${subscriptionsFile} …`);
  await writeFile(subscriptionsFile, 'member_no;subscription_id;product;start_date;cancellation_date;next_delivery_date', SUBSCRIPTIONS, (i) => {
    // Row i < CUSTOMERS: customer i's first subscription; after: a second one for customers 0, 5, 10, …
    const second = i >= CUSTOMERS;
    const c = second ? ((i - CUSTOMERS) * 5) % CUSTOMERS : i;
    const no = FIRST_NO + c;
    const start = second ? `2025-${pad((c % 12) + 1)}-15` : `${2019 + (c % 6)}-${pad((c % 12) + 1)}-01`;
    // Every tenth customer cancels everything it has (the first subscription, and the second if any): B9 starts on the last.
    const cancelled = c % 10 === 3 ? `2026-${pad((c % 10) + 1)}-20` : '';
    const next = cancelled === '' ? `2026-12-${pad((c % 28) + 1)}` : '';
    return `${no};${second ? 'B' : 'A'}-${no};${second ? 'Vitaminer' : 'Kosttilskudd'};${start};${cancelled};${next}`;
  });
}

const deskFile = join(dir, 'billing-bench.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${deskFile}${suffix}`, { force: true });
const desk = await openDesk({ file: deskFile, clock: clockFrom(NOW) });
desk.close();

interface Figures {
  status: string;
  total: number;
  applied: number;
  skipped: number;
  rejected: number;
  ms: number;
  maxRssMb: number;
  baselineMb: number;
  counts: Record<string, number>;
}

function apply(kind: 'customers' | 'subscriptions', path: string): Figures {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'import-billing', '--db', deskFile, '--kind', kind, path, '--json', '--now', NOW], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`import-billing ${kind} failed (exit ${child.status})`);
  const figures = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Figures;
  const wall = performance.now() - started;
  const mb = (statSync(path).size / 1024 / 1024).toFixed(0);
  console.log(
    `${kind}: ${figures.total.toLocaleString('en')} rows (${mb} MB) ${figures.status} in ${(figures.ms / 1000).toFixed(1)} s ` +
      `(${Math.round(figures.total / (figures.ms / 1000)).toLocaleString('en')} rows/s; ${(wall / 1000).toFixed(1)} s with the process start), ` +
      `peak RSS ${figures.maxRssMb} MB (${figures.baselineMb} MB before), applied ${figures.applied}, skipped ${figures.skipped}, rejected ${figures.rejected}`,
  );
  console.log(`  ${JSON.stringify(Object.fromEntries(Object.entries(figures.counts).filter(([, v]) => v > 0)))}`);
  return figures;
}

console.log(`Applying to a fresh desk (${deskFile}) through import-billing …`);
const a = apply('customers', customersFile);
const b = apply('subscriptions', subscriptionsFile);
const total = (a.ms + b.ms) / 1000;
console.log(`Both files: ${total.toFixed(1)} s (goal: under 120 s), peak RSS ${Math.max(a.maxRssMb, b.maxRssMb)} MB.`);
