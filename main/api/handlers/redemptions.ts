import { getSetting } from '../../services/settings.js';
import { cancelRedemption, createRedemption, listCatalog, listRedemptions, quoteRedemption, shipRedemption } from '../../services/redemptions.js';
import type { redemptionChannels } from '../../../shared/channels/redemptions.js';
import type { HandlersFor } from '../types.js';

export const redemptionHandlers = {
  'catalog.list': (ctx, input) => ({ products: listCatalog(ctx, input.includeDiscontinued) }),
  'redemptions.quote': (ctx, input) => quoteRedemption(ctx, input),
  'redemptions.create': (ctx, input) => createRedemption(ctx, input),
  'redemptions.list': (ctx, input) => ({ redemptions: listRedemptions(ctx, input) }),
  'redemptions.ship': (ctx, input) => ({ redemption: shipRedemption(ctx, input.redemptionId) }),
  'redemptions.cancel': (ctx, input) => ({ redemption: cancelRedemption(ctx, input.redemptionId, input.reason) }),
  'settings.desk': (ctx) => ({
    postageOre: getSetting(ctx.store, 'postage_ore'),
    correctionApprovalThreshold: getSetting(ctx.store, 'correction_approval_threshold'),
    serviceEmailDaysBefore: getSetting(ctx.store, 'service_email_days_before'),
  }),
} satisfies HandlersFor<typeof redemptionChannels>;
