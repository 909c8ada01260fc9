import { listTerms, publishTerms } from '../../services/terms.js';
import type { HandlerTable } from '../types.js';

export const termsHandlers: HandlerTable<'terms.list' | 'terms.publish'> = {
  'terms.list': (ctx) => ({ versions: listTerms(ctx) }),
  'terms.publish': (ctx, input) => ({ version: publishTerms(ctx, input) }),
};
