import { memberLedger, memberPage, searchMembers } from '../../services/members.js';
import type { HandlerTable } from '../types.js';

export const memberHandlers: HandlerTable<'members.search' | 'members.get' | 'members.ledger'> = {
  'members.search': (ctx, input) => ({ items: searchMembers(ctx, input.query, input.limit) }),
  'members.get': (ctx, input) => memberPage(ctx, input.memberId),
  'members.ledger': (ctx, input) => ({ entries: memberLedger(ctx, input.memberId, input.beforeId, input.limit) }),
};
