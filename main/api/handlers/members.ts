import { memberLedger, memberPage, searchMembers } from '../../services/members.js';
import type { HandlerTable } from '../types.js';

export const memberHandlers: HandlerTable<'members.search' | 'members.get' | 'members.ledger'> = {
  'members.search': async (ctx, input) => ({ items: await searchMembers(ctx, input.query, input.limit) }),
  'members.get': (ctx, input) => memberPage(ctx, input.memberId),
  'members.ledger': async (ctx, input) => ({ entries: await memberLedger(ctx, input.memberId, input.beforeId, input.limit) }),
};
