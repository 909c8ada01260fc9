import { endKeptMembership, keepMembership, optOut, rejoin } from '../../services/lifecycle.js';
import { addNote, memberTimeline } from '../../services/timeline.js';
import type { HandlerTable } from '../types.js';

type MembershipChannels = 'members.optOut' | 'members.rejoin' | 'members.keepMembership' | 'members.endKeptMembership' | 'members.addNote' | 'members.timeline';

export const membershipHandlers: HandlerTable<MembershipChannels> = {
  'members.optOut': (ctx, input) => optOut(ctx, input.memberId, input),
  'members.rejoin': async (ctx, input) => {
    await rejoin(ctx, input.memberId, input);
    return { ok: true };
  },
  'members.keepMembership': (ctx, input) => keepMembership(ctx, input.memberId, input),
  'members.endKeptMembership': (ctx, input) => endKeptMembership(ctx, input.memberId, input),
  'members.addNote': async (ctx, input) => ({ noteId: await addNote(ctx, input.memberId, input.body) }),
  'members.timeline': async (ctx, input) => ({ items: await memberTimeline(ctx, input.memberId, input.limit) }),
};
