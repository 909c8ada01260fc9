import type { BillingKind } from '../../shared/channels/billing.js';
import type { MemberReportExport } from '../../shared/channels/manager-reports.js';
import type { MembershipState } from '../../shared/channels/members.js';
import type { DeskErrorShape } from '../../shared/errors.js';
import type { SessionUser } from './context.js';

/**
 * The messages between the desk (services/jobs.ts) and its worker thread (main/workers/job-worker.ts).
 * They live here, below both, because the worker imports services and never the other way round.
 */
export interface JobRequest {
  file: string;
  nativeBinding?: string | undefined;
  startedAt: string;
  user: SessionUser | null;
  cancelFlag: SharedArrayBuffer;
  /** The store's write gate (db/write-gate.ts): the worker's batches take turns with the desk's writes. */
  writeGate?: SharedArrayBuffer | undefined;
  /** scrypt N for users the job creates (the demo users). */
  passwordN: number;
  exportDir?: string | undefined;
  /**
   * Open the file read-only (npm run bench:export over the benchmark desk, which it must not
   * change): only a report export may run so, and it then writes no audit or access row.
   */
  readonly?: boolean | undefined;
  job: JobSpec;
}

export type JobSpec =
  | { kind: 'monthly-run'; month: string; claimToken?: string | undefined }
  | { kind: 'export-members'; format: 'csv' | 'xlsx'; state?: MembershipState | undefined }
  | { kind: 'seed-demo'; members: number; seed: number }
  /** Issue 15: the member report with its filters, into `path` (or the export folder under `fileName`); progress of the total, cancel leaves no file. */
  | { kind: 'report-export'; input: MemberReportExport; fileName: string; path?: string | undefined; every?: number | undefined }
  /** D1–D3 (issue 14): a billing file, as text (the screen) or a path the worker streams (the command line). */
  | { kind: 'billing-import'; billingKind: BillingKind; fileName: string; content?: string | undefined; path?: string | undefined; batchSize?: number | undefined };

export type JobMessage =
  | { type: 'progress'; step: string; done: number; total?: number | undefined }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: DeskErrorShape };
