import type { reportChannels } from '../../../shared/channels/reports.js';
import type { contactReportChannels } from '../../../shared/channels/contact.js';
import { exportContactChangesToFolder, listContactChanges } from '../../services/contact.js';
import { startJob } from '../../services/jobs.js';
import { liabilityReport } from '../../services/reports.js';
import type { HandlersFor } from '../types.js';

export const reportHandlers = {
  'reports.liability': (ctx) => liabilityReport(ctx),
  'reports.exportMembers': (ctx, input) => startJob(ctx, { kind: 'export-members', format: input.format, state: input.state }),
  // D3: the contact corrections for the billing team.
  'reports.contactChanges': (ctx, input) => listContactChanges(ctx, input.since, input.limit, input.offset),
  // D3: the same CSV as the command line's, into the export folder (the report page's download).
  'reports.exportContactChanges': (ctx, input) => exportContactChangesToFolder(ctx, input.since),
} satisfies HandlersFor<typeof reportChannels & typeof contactReportChannels>;
