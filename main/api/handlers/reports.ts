import type { reportChannels } from '../../../shared/channels/reports.js';
import { startJob } from '../../services/jobs.js';
import { liabilityReport } from '../../services/reports.js';
import type { HandlersFor } from '../types.js';

export const reportHandlers = {
  'reports.liability': (ctx) => liabilityReport(ctx),
  'reports.exportMembers': (ctx, input) => startJob(ctx, { kind: 'export-members', format: input.format, state: input.state }),
} satisfies HandlersFor<typeof reportChannels>;
