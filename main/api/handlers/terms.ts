import { listTerms, publishTerms } from '../../services/terms.js';
import type { termsChannels } from '../../../shared/channels/terms.js';
import type { HandlersFor } from '../types.js';

export const termsHandlers = {
  'terms.list': (ctx) => ({ versions: listTerms(ctx) }),
  'terms.publish': (ctx, input) => ({ version: publishTerms(ctx, input) }),
} satisfies HandlersFor<typeof termsChannels>;
