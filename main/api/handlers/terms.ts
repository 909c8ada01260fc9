import { listTerms, noticeToday, publishTerms, termsInForce } from '../../services/terms.js';
import type { termsChannels } from '../../../shared/channels/terms.js';
import type { HandlersFor } from '../types.js';

export const termsHandlers = {
  'terms.list': async (ctx) => ({ versions: await listTerms(ctx), ...noticeToday(ctx) }),
  'terms.current': async (ctx) => ({ version: await termsInForce(ctx) }),
  'terms.publish': async (ctx, input) => ({ version: await publishTerms(ctx, input) }),
} satisfies HandlersFor<typeof termsChannels>;
