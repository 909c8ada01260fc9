import { getSetting } from '../../services/settings.js';
import { cancelRedemption, createRedemption, listCatalog, listRedemptions, quoteRedemption, shipRedemption } from '../../services/redemptions.js';
import type { redemptionChannels } from '../../../shared/channels/redemptions.js';
import type { HandlersFor } from '../types.js';

export const redemptionHandlers = {
  'catalog.list': async (ctx, input) => ({ products: await listCatalog(ctx, input.includeDiscontinued) }),
  'redemptions.quote': (ctx, input) => quoteRedemption(ctx, input),
  'redemptions.create': (ctx, input) => createRedemption(ctx, input),
  'redemptions.list': async (ctx, input) => ({ redemptions: await listRedemptions(ctx, input) }),
  'redemptions.ship': async (ctx, input) => ({ redemption: await shipRedemption(ctx, input.redemptionId) }),
  'redemptions.cancel': async (ctx, input) => ({ redemption: await cancelRedemption(ctx, input.redemptionId, input.reason) }),
  'settings.desk': async (ctx) => ({
    postageOre: await getSetting(ctx.store, 'postage_ore'),
    correctionApprovalThreshold: await getSetting(ctx.store, 'correction_approval_threshold'),
    serviceEmailDaysBefore: await getSetting(ctx.store, 'service_email_days_before'),
  }),
} satisfies HandlersFor<typeof redemptionChannels>;
