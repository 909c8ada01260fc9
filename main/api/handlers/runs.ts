import type { runChannels } from '../../../shared/channels/runs.js';
import { startMonthlyRunJob } from '../../services/jobs.js';
import { listRuns, nextRunnableMonth, previewMonth, runMonth } from '../../services/monthly-run.js';
import { listServiceEmails, markServiceEmailSent } from '../../services/service-emails.js';
import type { HandlersFor } from '../types.js';

export const runsHandlers = {
  'runs.list': (ctx) => {
    const next = nextRunnableMonth(ctx);
    return { runs: listRuns(ctx), nextMonth: next.month, nextAllowedFrom: next.allowedFrom };
  },
  'runs.preview': (ctx, input) => previewMonth(ctx, input.month, input.limit),
  'runs.start': (ctx, input) => runMonth(ctx, input.month),
  'runs.startInBackground': (ctx, input) => startMonthlyRunJob(ctx, input.month),
  'runs.serviceEmails': (ctx, input) => ({ emails: listServiceEmails(ctx, input.onlyUnsent) }),
  'runs.markEmailSent': (ctx, input) => {
    markServiceEmailSent(ctx, input.emailId);
    return { ok: true };
  },
} satisfies HandlersFor<typeof runChannels>;
