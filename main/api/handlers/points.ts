import { importEarnings, listEarningsFiles, previewEarnings } from '../../services/earnings.js';
import { explainBalance } from '../../services/explain.js';
import { checkLedger } from '../../services/invariants.js';
import { listRuns, nextRunnableMonth, previewMonth, runMonth } from '../../services/monthly-run.js';
import { cancelJob, jobStatus, startMonthlyRunJob } from '../../services/jobs.js';
import { listServiceEmails, markServiceEmailSent } from '../../services/service-emails.js';
import type { HandlerTable } from '../types.js';

type PointsChannels =
  | 'points.explain'
  | 'points.check'
  | 'runs.list'
  | 'runs.preview'
  | 'runs.start'
  | 'runs.serviceEmails'
  | 'runs.markEmailSent'
  | 'earnings.preview'
  | 'earnings.import'
  | 'earnings.files'
  | 'jobs.status'
  | 'jobs.cancel'
  | 'runs.startInBackground';

export const pointsHandlers: HandlerTable<PointsChannels> = {
  'points.explain': (ctx, input) => explainBalance(ctx, input.memberId),
  'points.check': (ctx) => checkLedger(ctx),
  'runs.list': async (ctx) => {
    const next = await nextRunnableMonth(ctx);
    return { runs: await listRuns(ctx), nextMonth: next.month, nextAllowedFrom: next.allowedFrom };
  },
  'runs.preview': (ctx, input) => previewMonth(ctx, input.month, input.limit),
  'runs.start': (ctx, input) => runMonth(ctx, input.month),
  'runs.serviceEmails': async (ctx, input) => ({ emails: await listServiceEmails(ctx, input.onlyUnsent) }),
  'runs.markEmailSent': async (ctx, input) => {
    await markServiceEmailSent(ctx, input.emailId);
    return { ok: true };
  },
  'earnings.preview': (ctx, input) => previewEarnings(ctx, input),
  'earnings.import': (ctx, input) => importEarnings(ctx, input),
  'earnings.files': async (ctx) => ({ files: await listEarningsFiles(ctx) }),
  'runs.startInBackground': (ctx, input) => startMonthlyRunJob(ctx, input.month),
  'jobs.status': (ctx, input) => jobStatus(ctx, input.jobId),
  'jobs.cancel': (ctx, input) => cancelJob(ctx, input.jobId),
};
