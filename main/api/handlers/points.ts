import type { pointsChannels } from '../../../shared/channels/points.js';
import { explainBalance } from '../../services/explain.js';
import { checkLedger } from '../../services/invariants.js';
import type { HandlersFor } from '../types.js';

export const pointsHandlers = {
  'points.explain': (ctx, input) => explainBalance(ctx, input.memberId),
  'points.check': (ctx) => checkLedger(ctx),
} satisfies HandlersFor<typeof pointsChannels>;
