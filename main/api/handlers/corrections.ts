import { createCorrection, decideCorrection, pendingCorrections, releaseWithheld } from '../../services/corrections.js';
import type { HandlerTable } from '../types.js';

export const correctionHandlers: HandlerTable<'corrections.create' | 'corrections.release' | 'corrections.pending' | 'corrections.decide'> = {
  'corrections.create': (ctx, input) => createCorrection(ctx, input),
  'corrections.release': (ctx, input) => releaseWithheld(ctx, input.withholdEntryId, input.reason),
  'corrections.pending': async (ctx) => ({ requests: await pendingCorrections(ctx) }),
  'corrections.decide': (ctx, input) => decideCorrection(ctx, input.requestId, input.approve, input.note),
};
