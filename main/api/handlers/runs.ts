import type { runChannels } from '../../../shared/channels/runs.js';
import { startMonthlyRunJob } from '../../services/jobs.js';
import { listRuns, nextRunnableMonth, previewMonth, runMonth } from '../../services/monthly-run.js';
import { exportServiceEmails, getServiceEmailTemplate, listServiceEmails, markServiceEmailSent, setServiceEmailTemplate } from '../../services/service-emails.js';
import type { HandlersFor } from '../types.js';

export const runsHandlers = {
  'runs.list': async (ctx) => {
    const next = await nextRunnableMonth(ctx);
    return { runs: await listRuns(ctx), nextMonth: next.month, nextAllowedFrom: next.allowedFrom };
  },
  'runs.preview': (ctx, input) => previewMonth(ctx, input.month, input.limit),
  'runs.start': (ctx, input) => runMonth(ctx, input.month),
  'runs.startInBackground': (ctx, input) => startMonthlyRunJob(ctx, input.month),
  'runs.serviceEmails': async (ctx, input) => ({ emails: await listServiceEmails(ctx, input.onlyUnsent) }),
  'runs.markEmailSent': async (ctx, input) => {
    await markServiceEmailSent(ctx, input.emailId);
    return { ok: true };
  },
  'runs.emailTemplate': (ctx) => getServiceEmailTemplate(ctx),
  'runs.setEmailTemplate': (ctx, input) => setServiceEmailTemplate(ctx, input.template),
  'runs.exportServiceEmails': (ctx, input) => exportServiceEmails(ctx, input),
} satisfies HandlersFor<typeof runChannels>;
