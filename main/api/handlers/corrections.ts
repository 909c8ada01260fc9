import { createCorrection, decideCorrection, giveBackReduction, memberCorrections, pendingCorrections, previewCorrection, releaseWithheld } from '../../services/corrections.js';
import type { correctionChannels } from '../../../shared/channels/corrections.js';
import type { HandlersFor } from '../types.js';

export const correctionHandlers = {
  'corrections.create': (ctx, input) => createCorrection(ctx, input),
  'corrections.preview': (ctx, input) => previewCorrection(ctx, input),
  'corrections.member': (ctx, input) => memberCorrections(ctx, input.memberId),
  'corrections.giveBack': (ctx, input) => giveBackReduction(ctx, input.reductionEntryId, input.reason),
  'corrections.release': (ctx, input) => releaseWithheld(ctx, input.withholdEntryId, input.reason),
  'corrections.pending': async (ctx) => ({ requests: await pendingCorrections(ctx) }),
  'corrections.decide': (ctx, input) => decideCorrection(ctx, input.requestId, input.approve, input.note),
} satisfies HandlersFor<typeof correctionChannels>;
