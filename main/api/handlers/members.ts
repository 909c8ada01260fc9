import type { memberChannels } from '../../../shared/channels/members.js';
import type { membershipChannels } from '../../../shared/channels/membership.js';
import type { memberDataChannels } from '../../../shared/channels/reports.js';
import type { contactChannels } from '../../../shared/channels/contact.js';
import { updateContact } from '../../services/contact.js';
import { endKeptMembership, keepMembership, optOut, rejoin } from '../../services/lifecycle.js';
import { memberLedger, memberPage, memberSearch } from '../../services/members.js';
import { accessExport, eraseMember, erasurePlan } from '../../services/reports.js';
import { addNote, memberTimeline } from '../../services/timeline.js';
import type { HandlersFor } from '../types.js';

/** The members.* area: the member page, its membership changes and timeline, and B14 data requests. */
export const membersHandlers = {
  'members.search': (ctx, input) => memberSearch(ctx, input.query, input.limit),
  'members.get': (ctx, input) => memberPage(ctx, input.memberId),
  'members.ledger': async (ctx, input) => ({ entries: await memberLedger(ctx, input.memberId, input.beforeId, input.limit) }),
  'members.optOut': (ctx, input) => optOut(ctx, input.memberId, input),
  'members.rejoin': async (ctx, input) => {
    await rejoin(ctx, input.memberId, input);
    return { ok: true };
  },
  'members.keepMembership': (ctx, input) => keepMembership(ctx, input.memberId, input),
  'members.endKeptMembership': (ctx, input) => endKeptMembership(ctx, input.memberId, input),
  'members.addNote': async (ctx, input) => ({ noteId: await addNote(ctx, input.memberId, input.body) }),
  'members.timeline': (ctx, input) => memberTimeline(ctx, input.memberId, input.limit),
  'members.accessExport': (ctx, input) => accessExport(ctx, input.memberId),
  'members.erasure': (ctx, input) => erasurePlan(ctx, input.memberId),
  'members.erase': async (ctx, input) => {
    await eraseMember(ctx, input.memberId, input.reason);
    return { ok: true };
  },
  // D3: the caller's contact details, corrected after the identity check.
  'members.updateContact': (ctx, input) => updateContact(ctx, input),
} satisfies HandlersFor<typeof memberChannels & typeof membershipChannels & typeof memberDataChannels & typeof contactChannels>;
