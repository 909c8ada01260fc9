import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, contract, type ChannelName } from '../../shared/contract.js';
import { roles, type Role } from '../../shared/roles.js';
import type { Connection } from '../desk.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';

/**
 * SPEC "Who uses it", as data, walked against every channel × role.
 *
 * `table` is the SPEC's role table: what each role does. Every channel is classified below by
 * the activity of the table it belongs to, and whether it *does* that activity or only *reads*
 * for it. The roles a channel must declare follow from that alone:
 *   - does:  the roles whose row names the activity (a supervisor does everything an agent does);
 *   - reads: the same, plus the manager, who "reads everything" the desk staff work with.
 * A new channel without a classification fails here, and so does a channel whose roles drift.
 */

type Activity =
  // agent (and so supervisor)
  | 'look up members'
  | 'register redemptions'
  | 'register opt-outs and keep-membership'
  | 'correct contact details'
  | 'read balances and history'
  | 'see launch-day lockouts'
  // supervisor only
  | 'correct points'
  | 'approve large corrections'
  | 'keep the catalog, launches and terms'
  | 'monthly run'
  // manager
  | 'export reports'
  | 'GDPR access exports and erasures'
  // admin
  | 'manage users'
  | 'settings'
  | 'backups and restores'
  // supervisor and admin (issue 13, "The audit (supervisors and admins)")
  | 'audit the desk'
  // issue 13: the settings decide the supervisors' work (the approval threshold, the service emails), so they read them; admins keep them
  | 'read the settings'
  // B13: all who talk to members read the terms, and the admin keeps them (issue 13)
  | 'read the terms'
  // every signed-in user
  | 'sign out';

const agentDoes: readonly Activity[] = [
  'look up members',
  'register redemptions',
  'register opt-outs and keep-membership',
  'correct contact details',
  'read balances and history',
  'see launch-day lockouts',
  'read the terms',
];

/** The SPEC's table: who does what ("may not" is everything not listed). */
const table: Record<Role, readonly Activity[]> = {
  agent: [...agentDoes, 'sign out'],
  // "everything an agent does, plus corrections …, approval of large corrections, catalog and launch calendar upkeep, the monthly run"
  // Issue 13 adds the audit screen for supervisors and admins (not in the SPEC's table; the decision).
  supervisor: [...agentDoes, 'correct points', 'approve large corrections', 'keep the catalog, launches and terms', 'monthly run', 'audit the desk', 'read the settings', 'sign out'],
  // "reads everything …, exports member reports and the points-liability report, runs GDPR access exports and erasures"
  manager: ['export reports', 'GDPR access exports and erasures', 'sign out'],
  // "manages user accounts and roles, settings, backups and restores"
  admin: ['manage users', 'settings', 'backups and restores', 'audit the desk', 'read the settings', 'read the terms', 'sign out'],
};

/** Activities of the desk staff's rows: what "reads everything" covers for a manager. */
const deskWork = new Set<Activity>([...table.agent, ...table.supervisor]);

type Classification = readonly [Activity, 'does' | 'reads'] | 'public';

/** Every channel of the contract, classified. Public channels answer before sign-in. */
const classification = {
  'auth.login': 'public',
  'auth.me': 'public',
  'setup.status': 'public',
  'setup.demo': 'public',
  'setup.empty': 'public',
  'auth.logout': ['sign out', 'does'],

  'users.list': ['manage users', 'does'],
  'users.create': ['manage users', 'does'],
  'users.update': ['manage users', 'does'],
  'users.setPassword': ['manage users', 'does'],
  // Sign-in throttles, the sign-in record and session times are the admin's part of managing users (issue 10).
  'security.throttles': ['manage users', 'does'],
  'security.liftThrottle': ['manage users', 'does'],
  'security.signIns': ['manage users', 'does'],
  'security.sessionPolicy': ['manage users', 'does'],
  'security.setSessionPolicy': ['manage users', 'does'],

  // The backup folder, a backup's check, and a restore scheduled for the next start (issue 10).
  'backups.list': ['backups and restores', 'reads'],
  'backups.check': ['backups and restores', 'reads'],
  'backups.restore': ['backups and restores', 'does'],
  'backups.cancelRestore': ['backups and restores', 'does'],
  // Issue 13: a backup taken now, from the Backups page.
  'backups.take': ['backups and restores', 'does'],
  // Issue 13: the admin keeps the settings; supervisors and managers read them.
  'settings.list': ['read the settings', 'reads'],
  'settings.set': ['settings', 'does'],

  'members.search': ['look up members', 'reads'],
  'members.get': ['look up members', 'reads'],
  'members.addNote': ['look up members', 'does'],
  // D3: the caller's address, postcode, place, email and phone, corrected after the identity check.
  'members.updateContact': ['correct contact details', 'does'],
  'members.ledger': ['read balances and history', 'reads'],
  'members.timeline': ['read balances and history', 'reads'],
  'points.explain': ['read balances and history', 'reads'],
  // The history of when balances were updated: what an agent tells a caller asking why points changed.
  'runs.list': ['read balances and history', 'reads'],
  // The terms that decide a balance (B13), read to a caller; the admin keeps them (issue 13).
  'terms.list': ['read the terms', 'reads'],
  // B13: the member page names the version in force.
  'terms.current': ['read balances and history', 'reads'],
  // A pending correction is part of a member's balance story.
  'corrections.pending': ['read balances and history', 'reads'],
  // B11 (issue 13): the member page's corrections: its preview, the member's invoices and withholdings, the give-back.
  'corrections.preview': ['correct points', 'does'],
  'corrections.member': ['correct points', 'reads'],
  'corrections.giveBack': ['correct points', 'does'],

  'members.optOut': ['register opt-outs and keep-membership', 'does'],
  'members.rejoin': ['register opt-outs and keep-membership', 'does'],
  'members.keepMembership': ['register opt-outs and keep-membership', 'does'],
  'members.endKeptMembership': ['register opt-outs and keep-membership', 'does'],

  'catalog.list': ['register redemptions', 'reads'],
  'settings.desk': ['register redemptions', 'reads'],
  'redemptions.list': ['register redemptions', 'reads'],
  'redemptions.quote': ['register redemptions', 'does'],
  'redemptions.create': ['register redemptions', 'does'],
  'redemptions.ship': ['register redemptions', 'does'],
  'redemptions.cancel': ['register redemptions', 'does'],
  'heldOrders.list': ['register redemptions', 'reads'],
  'heldOrders.register': ['register redemptions', 'does'],
  // L3/L5: a held order's checks before it is registered, like the quote of a redemption.
  'heldOrders.check': ['register redemptions', 'does'],
  'heldOrders.book': ['register redemptions', 'does'],
  'heldOrders.withdraw': ['register redemptions', 'does'],

  'launches.list': ['see launch-day lockouts', 'reads'],
  'launches.today': ['see launch-day lockouts', 'reads'],
  'launches.script': ['see launch-day lockouts', 'reads'],
  'launches.create': ['keep the catalog, launches and terms', 'does'],
  'launches.update': ['keep the catalog, launches and terms', 'does'],
  'launches.cancel': ['keep the catalog, launches and terms', 'does'],
  'launches.setScript': ['keep the catalog, launches and terms', 'does'],
  // B13, issue 13: the terms versions are the admin's, beside the settings.
  'terms.publish': ['settings', 'does'],
  // B4 catalog upkeep (issue 13): supervisors keep the catalog; the stock history is its record, which managers read.
  'catalog.create': ['keep the catalog, launches and terms', 'does'],
  'catalog.update': ['keep the catalog, launches and terms', 'does'],
  'catalog.adjustStock': ['keep the catalog, launches and terms', 'does'],
  'catalog.setState': ['keep the catalog, launches and terms', 'does'],
  'catalog.stockHistory': ['keep the catalog, launches and terms', 'reads'],
  // B2: "which products earn, and how many points per unit, is a table the supervisors keep" (issue 13).
  'earningTable.list': ['keep the catalog, launches and terms', 'reads'],
  'earningTable.create': ['keep the catalog, launches and terms', 'does'],
  'earningTable.update': ['keep the catalog, launches and terms', 'does'],

  'corrections.create': ['correct points', 'does'],
  'corrections.release': ['correct points', 'does'],
  'corrections.decide': ['approve large corrections', 'does'],
  // B12a: the check finds the members whose points need correcting.
  'points.check': ['correct points', 'reads'],

  // B6/B2/B12: the run and what it books from; managers read the preview, emails and files.
  'runs.start': ['monthly run', 'does'],
  'runs.startInBackground': ['monthly run', 'does'],
  'jobs.cancel': ['monthly run', 'does'],
  'runs.markEmailSent': ['monthly run', 'does'],
  'earnings.import': ['monthly run', 'does'],
  'earnings.preview': ['monthly run', 'does'],
  'runs.preview': ['monthly run', 'reads'],
  'runs.serviceEmails': ['monthly run', 'reads'],
  // B12 (issue 15): the template is read with the list and written by supervisors, as marking sent.
  'runs.emailTemplate': ['monthly run', 'reads'],
  'runs.setEmailTemplate': ['monthly run', 'does'],
  'runs.exportServiceEmails': ['monthly run', 'does'],
  'earnings.files': ['monthly run', 'reads'],
  // D1–D3 (issue 14): the billing feed is the supervisor's beside the earnings files; managers read the files applied.
  'billing.preview': ['monthly run', 'does'],
  'billing.apply': ['monthly run', 'does'],
  'billing.files': ['monthly run', 'reads'],
  // D3: the conflicts are worked by supervisors (contact details, not for a manager's reading).
  'billing.conflicts': ['monthly run', 'does'],
  'billing.resolveConflict': ['monthly run', 'does'],
  // Progress of long work: the run (supervisors) and the member report (managers) — see below.
  'jobs.status': ['monthly run', 'reads'],
  // What is owed and what expires in the coming runs: the run's outlook, and the manager's report.
  'reports.liability': ['monthly run', 'reads'],

  'reports.exportMembers': ['export reports', 'does'],
  // D3: the list of contact corrections for the billing team (the command line writes it as CSV).
  'reports.contactChanges': ['export reports', 'does'],
  // D3: the same CSV from the report page, into the export folder.
  'reports.exportContactChanges': ['export reports', 'does'],
  // Issue 15: the managers' reports; supervisors read them as they read the liability (the run's figures).
  'reports.pointsLiability': ['monthly run', 'reads'],
  'reports.activity': ['monthly run', 'reads'],
  'reports.redemptions': ['monthly run', 'reads'],
  'reports.corrections': ['monthly run', 'reads'],
  'reports.members': ['monthly run', 'reads'],
  // Exporting any of them is the manager's.
  'reports.export': ['export reports', 'does'],
  // Issue 15: the member report's export as a job in the worker, and its own cancel (jobs.cancel stays the run's, supervisors').
  'reports.exportJob': ['export reports', 'does'],
  'reports.cancelExport': ['export reports', 'does'],
  'members.accessExport': ['GDPR access exports and erasures', 'does'],
  'members.erase': ['GDPR access exports and erasures', 'does'],
  'members.erasure': ['GDPR access exports and erasures', 'does'],

  // Issue 13: the audit screen — its rows, the filter's lists, the export of the filtered rows and
  // the chain check. 'does', not 'reads': the manager, who reads the desk's work, does not read the trail.
  'audit.list': ['audit the desk', 'does'],
  'audit.facets': ['audit the desk', 'does'],
  'audit.export': ['audit the desk', 'does'],
  'audit.verify': ['audit the desk', 'does'],
} satisfies Partial<Record<ChannelName, Classification>> as Partial<Record<ChannelName, Classification>>;

/** The roles the table gives a channel. */
function expectedRoles(c: Classification): readonly Role[] | 'public' {
  if (c === 'public') return 'public';
  const [activity, mode] = c;
  return roles.filter((role) => table[role].includes(activity) || (mode === 'reads' && role === 'manager' && deskWork.has(activity)));
}

const declared = (name: ChannelName): readonly Role[] | 'public' => contract[name].roles;
const sorted = (r: readonly Role[] | 'public'): readonly Role[] | 'public' => (r === 'public' ? r : [...r].sort());

describe('SPEC role table × every channel', () => {
  it('every channel of the contract is classified by an activity of the role table', () => {
    const unclassified = channelNames.filter((name) => !Object.hasOwn(classification, name));
    expect(unclassified, 'classify these channels in role-table.test.ts').toEqual([]);
  });

  it.each(channelNames)('%s declares exactly the roles the table gives it', (name) => {
    const c = classification[name];
    if (c === undefined) throw new Error(`${name} has no classification: add it to role-table.test.ts`);
    expect(sorted(declared(name)), `${name} (${c === 'public' ? 'public' : c.join(', ')})`).toEqual(sorted(expectedRoles(c)));
  });

  it('a channel classified as reading never writes', () => {
    const writingReads = channelNames.filter((name) => {
      const c = classification[name];
      return c !== undefined && c !== 'public' && c[1] === 'reads' && contract[name].writes;
    });
    expect(writingReads).toEqual([]);
  });

  it("B-roles: the table's \"may not\" column holds for every channel that does the work", () => {
    // SPEC: agents may not correct points, change the catalog or launches, export reports;
    // supervisors may not manage users; managers may not register redemptions or corrections.
    const mayNot: Record<Role, readonly Activity[]> = {
      agent: ['correct points', 'approve large corrections', 'keep the catalog, launches and terms', 'export reports', 'GDPR access exports and erasures', 'audit the desk'],
      supervisor: ['manage users', 'settings', 'backups and restores'],
      manager: ['register redemptions', 'register opt-outs and keep-membership', 'correct points', 'approve large corrections', 'audit the desk'],
      admin: [],
    };
    const breaches = channelNames.flatMap((name) => {
      const c = classification[name];
      const r = declared(name);
      if (c === undefined || c === 'public' || r === 'public' || c[1] !== 'does') return [];
      return r.filter((role) => mayNot[role].includes(c[0])).map((role) => `${role} → ${name}`);
    });
    expect(breaches).toEqual([]);
    // Whatever the classification says: a manager's only writes are sign-out, GDPR, the member report and billing's contact-changes file (D3).
    const managerWrites = channelNames.filter((n) => contract[n].writes && declared(n) !== 'public' && (declared(n) as readonly Role[]).includes('manager'));
    expect(managerWrites.sort()).toEqual(['auth.logout', 'members.accessExport', 'members.erase', 'reports.cancelExport', 'reports.export', 'reports.exportContactChanges', 'reports.exportJob', 'reports.exportMembers']);
    // And user accounts are the admin's alone.
    for (const n of channelNames.filter((name) => name.startsWith('users.'))) expect(declared(n), n).toEqual(['admin']);
  });
});

describe('managers read the monthly run, the service emails and the earnings files, and write none of them', () => {
  let t: TestDesk;
  const c = {} as Record<Role, Connection>;
  beforeAll(async () => {
    t = await testDesk('2026-11-05T09:00:00Z');
    for (const role of roles) c[role] = await t.as(role);
  });
  afterAll(() => t.close());

  it('a manager previews a month, lists service emails and earnings files; running, importing and marking sent are forbidden', async () => {
    const m = c.manager;
    expect(await m.invoke('runs.preview', { month: '2026-10' })).toMatchObject({ ok: true, value: { month: '2026-10' } });
    expect(await m.invoke('runs.serviceEmails', {})).toMatchObject({ ok: true });
    expect(await m.invoke('earnings.files', {})).toMatchObject({ ok: true, value: { files: [] } });
    expect(await m.invoke('runs.list', {})).toMatchObject({ ok: true });
    expect(await m.invoke('runs.start', { month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await m.invoke('runs.startInBackground', { month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await m.invoke('runs.markEmailSent', { emailId: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await m.invoke('earnings.import', { fileName: 'x.csv', content: 'a;b;c;d\n' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The preview books nothing, also for a manager.
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM monthly_runs').pluck().get()).toBe(0);
    // Agents still do not see the run's preview or the service emails.
    expect(await c.agent.invoke('runs.preview', { month: '2026-10' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await c.agent.invoke('runs.serviceEmails', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
