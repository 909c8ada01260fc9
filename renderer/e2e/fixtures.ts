/**
 * A handful of hand-made members for the browser tests, one for each case the member page
 * must show well: an active member with withheld points and an unpaid invoice, a cancelled
 * member, an opted-out member. Built through the real services, so the ledger holds (B12a).
 */
import { drawFifo } from '../../main/domain/points.js';
import type { UserSummary } from '../../shared/channels/auth.js';
import { createUser } from '../../main/services/auth.js';
import type { ServiceContext } from '../../main/services/context.js';
import { bookDraw, bookEarning, memberLots } from '../../main/services/ledger.js';
import { cancelSubscription, enrolMember, optOut, type NewMemberInput } from '../../main/services/lifecycle.js';

export const FIXTURE_PASSWORD = 'fixture-passord';

export interface Fixtures {
  /** Bjørn Hansen: active, 12 045 points, 300 withheld, one unpaid invoice. */
  bjorn: { id: number; memberNo: number; balance: number };
  kari: { id: number; memberNo: number };
  oyvind: { id: number; memberNo: number };
  hans: { id: number; memberNo: number };
}

/** Adds an agent `agent` and a supervisor `sara` (password FIXTURE_PASSWORD) and four members. */
export function addFixtures(base: ServiceContext): Fixtures {
  const as = (user: UserSummary): ServiceContext => ({ ...base, user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role } });
  // Writes by phone or at the desk need an author (B12a); the billing file's do not.
  const asAnne = as(createUser(base, { username: 'agent', displayName: 'Anne Agent', role: 'agent', password: FIXTURE_PASSWORD }));
  const asSara = as(createUser(base, { username: 'sara', displayName: 'Sara Svendsen', role: 'supervisor', password: FIXTURE_PASSWORD }));

  const member = (input: Partial<NewMemberInput> & Pick<NewMemberInput, 'memberNo' | 'firstName' | 'lastName'>): { memberId: number; subscriptionId: number } =>
    enrolMember(base, { plan: 'Månedskasse', startedOn: '2023-01-15', nextDeliveryOn: '2026-12-03', ...input });
  const earn = (memberId: number, points: number, on: string): void => {
    bookEarning(base, memberId, points, on, { channel: 'file', reason: 'Kjøp av utvalgte produkter', effectiveOn: on });
  };

  const bjorn = member({
    memberNo: 100_001,
    firstName: 'Bjørn',
    lastName: 'Hansen',
    email: 'bjorn.hansen@example.no',
    phone: '91234567',
    address: 'Storgata 1',
    postcode: '0155',
    city: 'Oslo',
    birthDate: '1980-05-17',
  });
  earn(bjorn.memberId, 8_000, '2024-02-01');
  earn(bjorn.memberId, 6_500, '2025-06-15');
  let lots = memberLots(base.store, bjorn.memberId);
  bookDraw(asAnne, bjorn.memberId, 'spend', lots, drawFifo(lots, 2_155), { channel: 'phone', reason: 'Innløsning: termokopp', effectiveOn: '2026-01-10' });
  lots = memberLots(base.store, bjorn.memberId);
  bookDraw(asSara, bjorn.memberId, 'withhold', lots, drawFifo(lots, 300), { channel: 'desk', reason: 'Dobbeltregistrert kjøp', effectiveOn: '2026-11-02' });
  base.store.q.run(
    base.store.kysely.insertInto('invoices').values({
      member_id: bjorn.memberId,
      invoice_no: 'F-2026-0917',
      amount_ore: 49_900,
      issued_on: '2026-09-01',
      due_on: '2026-09-15',
      status: 'unpaid',
      paid_on: null,
    }),
  );

  const kari = member({ memberNo: 100_002, firstName: 'Kari', lastName: 'Hansen', email: 'kari.h@example.no', phone: '+4798765432', postcode: '5003', city: 'Bergen' });
  earn(kari.memberId, 4_500, '2025-03-01');

  const oyvind = member({ memberNo: 100_003, firstName: 'Øyvind', lastName: 'Åsheim', postcode: '7010', city: 'Trondheim', startedOn: '2022-04-01' });
  earn(oyvind.memberId, 25_000, '2024-08-01');
  cancelSubscription(base, oyvind.subscriptionId, '2026-09-30');

  const hans = member({ memberNo: 100_004, firstName: 'Hans', lastName: 'Hansen', email: 'hans@example.no', postcode: '9008', city: 'Tromsø' });
  earn(hans.memberId, 1_200, '2025-01-20');
  optOut(asAnne, hans.memberId, { channel: 'phone', reason: 'Ønsket ikke å være med lenger', memberInformed: true });

  return {
    bjorn: { id: bjorn.memberId, memberNo: 100_001, balance: 8_000 + 6_500 - 2_155 - 300 },
    kari: { id: kari.memberId, memberNo: 100_002 },
    oyvind: { id: oyvind.memberId, memberNo: 100_003 },
    hans: { id: hans.memberId, memberNo: 100_004 },
  };
}
