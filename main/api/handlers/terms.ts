import { listTerms, publishTerms } from '../../services/terms.js';
import type { HandlerTable } from '../types.js';

export const termsHandlers: HandlerTable<'terms.list' | 'terms.publish'> = {
  'terms.list': async (ctx) => ({ versions: await listTerms(ctx) }),
  'terms.publish': async (ctx, input) => ({ version: await publishTerms(ctx, input) }),
};
