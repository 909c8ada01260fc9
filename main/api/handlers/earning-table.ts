import type { earningTableChannels } from '../../../shared/channels/earning-table.js';
import { createEarningProduct, listEarningTable, updateEarningProduct } from '../../services/earning-table.js';
import type { HandlersFor } from '../types.js';

export const earningTableHandlers = {
  'earningTable.list': (ctx) => listEarningTable(ctx),
  'earningTable.create': (ctx, input) => createEarningProduct(ctx, input),
  'earningTable.update': (ctx, input) => updateEarningProduct(ctx, input),
} satisfies HandlersFor<typeof earningTableChannels>;
