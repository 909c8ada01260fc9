import { getSetting } from '../../services/settings.js';
import { cancelRedemption, createRedemption, listCatalog, listRedemptions, quoteRedemption, shipRedemption } from '../../services/redemptions.js';
import type { HandlerTable } from '../types.js';

type RedemptionChannels =
  | 'catalog.list'
  | 'redemptions.quote'
  | 'redemptions.create'
  | 'redemptions.list'
  | 'redemptions.ship'
  | 'redemptions.cancel'
  | 'settings.desk';

export const redemptionHandlers: HandlerTable<RedemptionChannels> = {
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
};
