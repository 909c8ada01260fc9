import type { reportChannels } from '../../../shared/channels/reports.js';
import type { contactReportChannels } from '../../../shared/channels/contact.js';
import { listContactChanges } from '../../services/contact.js';
import { startJob } from '../../services/jobs.js';
import { liabilityReport } from '../../services/reports.js';
import type { HandlersFor } from '../types.js';

export const reportHandlers = {
  'reports.liability': (ctx) => liabilityReport(ctx),
  'reports.exportMembers': (ctx, input) => startJob(ctx, { kind: 'export-members', format: input.format, state: input.state }),
  // D3: the contact corrections for the billing team.
  'reports.contactChanges': (ctx, input) => listContactChanges(ctx, input.since, input.limit),
} satisfies HandlersFor<typeof reportChannels & typeof contactReportChannels>;
