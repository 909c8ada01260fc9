import { startJob } from '../../services/jobs.js';
import { accessExport, eraseMember, liabilityReport } from '../../services/reports.js';
import type { HandlerTable } from '../types.js';

export const reportHandlers: HandlerTable<'reports.liability' | 'reports.exportMembers' | 'members.accessExport' | 'members.erase'> = {
  'reports.liability': (ctx) => liabilityReport(ctx),
  'reports.exportMembers': (ctx, input) => startJob(ctx, { kind: 'export-members', format: input.format, state: input.state }),
  'members.accessExport': (ctx, input) => accessExport(ctx, input.memberId),
  'members.erase': async (ctx, input) => {
    await eraseMember(ctx, input.memberId, input.reason);
    return { ok: true };
  },
};
