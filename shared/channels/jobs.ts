import { z } from 'zod';
import { channel, IsoInstant } from '../contract-kit.js';
import { DeskErrorShape } from '../errors.js';
import { overseers, supervisors } from '../roles.js';

/** Long work (the monthly run) runs in a worker thread; the desk polls its progress. */
export const JobStatus = z.object({
  jobId: z.string(),
  kind: z.enum(['monthly-run', 'export-members', 'seed-demo', 'billing-import', 'report-export']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  step: z.string().nullable(),
  done: z.number().int(),
  /** How much there is to do, when the job knows (a billing file's data lines, issue 14). */
  total: z.number().int().optional(),
  startedAt: IsoInstant,
  result: z.unknown().optional(),
  error: DeskErrorShape.optional(),
});
export type JobStatus = z.infer<typeof JobStatus>;

export const jobChannels = {
  'jobs.status': channel({
    summary: 'Progress of a long job.',
    input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    output: JobStatus,
    roles: overseers,
    writes: false,
  }),
  'jobs.cancel': channel({
    summary: 'Stop a long job between batches; a stopped monthly run resumes on its next start.',
    input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    output: JobStatus,
    roles: supervisors,
    writes: true,
  }),
};
