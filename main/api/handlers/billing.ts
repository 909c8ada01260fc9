import type { billingChannels } from '../../../shared/channels/billing.js';
import { listBillingConflicts, listBillingFiles, previewBillingFile, resolveBillingConflict, startBillingJob } from '../../services/billing.js';
import type { HandlersFor } from '../types.js';

/** D1–D3 (issue 14): the billing feed. */
export const billingHandlers = {
  'billing.preview': (ctx, input) => previewBillingFile(ctx, { kind: input.kind, fileName: input.fileName, source: { content: input.content } }),
  'billing.apply': (ctx, input) => startBillingJob(ctx, input),
  'billing.files': async (ctx) => ({ files: await listBillingFiles(ctx) }),
  'billing.conflicts': (ctx, input) => listBillingConflicts(ctx, input.limit),
  'billing.resolveConflict': (ctx, input) => resolveBillingConflict(ctx, input),
} satisfies HandlersFor<typeof billingChannels>;
