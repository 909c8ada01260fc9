import type { managerReportChannels } from '../../../shared/channels/manager-reports.js';
import { activityReport, correctionsReport, memberReport, pointsLiability, redemptionsReport } from '../../services/manager-reports.js';
import { cancelReportExport, startReportExportJob } from '../../services/jobs.js';
import { exportReport } from '../../services/report-export.js';
import type { HandlersFor } from '../types.js';

/** Issue 15: the managers' reports (supervisors read them) and their exports (managers). */
export const managerReportHandlers = {
  'reports.pointsLiability': (ctx, input) => pointsLiability(ctx, input.asOf),
  'reports.activity': (ctx, input) => activityReport(ctx, input.from, input.to),
  'reports.redemptions': (ctx, input) => redemptionsReport(ctx, input.from, input.to),
  'reports.corrections': (ctx, input) => correctionsReport(ctx, input),
  'reports.members': (ctx, input) => memberReport(ctx, input),
  'reports.export': (ctx, input) => exportReport(ctx, input),
  // Issue 15: the member report's export runs in the worker; jobs.status reports its progress.
  'reports.exportJob': (ctx, input) => startReportExportJob(ctx, input),
  'reports.cancelExport': (ctx, input) => cancelReportExport(ctx, input.jobId),
} satisfies HandlersFor<typeof managerReportChannels>;
