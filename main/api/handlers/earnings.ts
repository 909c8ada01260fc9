import type { earningsChannels } from '../../../shared/channels/earnings.js';
import { importEarnings, listEarningsFiles, previewEarnings } from '../../services/earnings.js';
import type { HandlersFor } from '../types.js';

export const earningsHandlers = {
  'earnings.preview': (ctx, input) => previewEarnings(ctx, input),
  'earnings.import': (ctx, input) => importEarnings(ctx, input),
  'earnings.files': async (ctx) => ({ files: await listEarningsFiles(ctx) }),
} satisfies HandlersFor<typeof earningsChannels>;
