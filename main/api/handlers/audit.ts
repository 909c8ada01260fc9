import type { auditChannels } from '../../../shared/channels/audit.js';
import { auditFacets, exportAudit, listAudit, verifyAuditChains } from '../../services/audit-screen.js';
import type { HandlersFor } from '../types.js';

/** Issue 13: the audit screen (supervisors and admins). */
export const auditHandlers = {
  'audit.list': (ctx, input) => listAudit(ctx, input),
  'audit.facets': (ctx) => auditFacets(ctx),
  // Into the export folder, under a name main makes (the page never names a path).
  'audit.export': (ctx, input) => exportAudit(ctx, input),
  // B14: both hash chains, as `desk audit verify`.
  'audit.verify': (ctx) => verifyAuditChains(ctx),
} satisfies HandlersFor<typeof auditChannels>;
