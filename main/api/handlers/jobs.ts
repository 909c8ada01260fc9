import type { jobChannels } from '../../../shared/channels/jobs.js';
import { cancelJob, jobStatus } from '../../services/jobs.js';
import type { HandlersFor } from '../types.js';

export const jobsHandlers = {
  'jobs.status': (ctx, input) => jobStatus(ctx, input.jobId),
  'jobs.cancel': (ctx, input) => cancelJob(ctx, input.jobId),
} satisfies HandlersFor<typeof jobChannels>;
