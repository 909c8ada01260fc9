import { createCorrection, decideCorrection, pendingCorrections, releaseWithheld } from '../../services/corrections.js';
import type { correctionChannels } from '../../../shared/channels/corrections.js';
import type { HandlersFor } from '../types.js';

export const correctionHandlers = {
  'corrections.create': (ctx, input) => createCorrection(ctx, input),
  'corrections.release': (ctx, input) => releaseWithheld(ctx, input.withholdEntryId, input.reason),
  'corrections.pending': async (ctx) => ({ requests: await pendingCorrections(ctx) }),
  'corrections.decide': (ctx, input) => decideCorrection(ctx, input.requestId, input.approve, input.note),
} satisfies HandlersFor<typeof correctionChannels>;
