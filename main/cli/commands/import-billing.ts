import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { billingKinds, type BillingApplyResult, type BillingCounts, type BillingKind, type BillingPreview, type BillingRejection } from '../../../shared/channels/billing.js';
import { DeskError } from '../../../shared/errors.js';
import { previewBillingFile } from '../../services/billing.js';
import { cancelJob, jobFinished, startJob, watchJobs } from '../../services/jobs.js';
import { openForCommand, parse, peakMb, UsageError, type Command } from './shared.js';

/** Exit code when the apply was stopped (Ctrl+C) before the end: it resumes on the next start. */
export const BILLING_STOPPED_EXIT = 2;

function isKind(value: string | undefined): value is BillingKind {
  return value !== undefined && (billingKinds as readonly string[]).includes(value);
}

const countLabels: Record<keyof BillingCounts, string> = {
  waiting: 'customers waiting for a first subscription',
  waitingChanged: 'waiting customers changed',
  membersChanged: 'members changed',
  conflicts: 'conflicts with a later change on the desk (kept, listed)',
  enrolled: 'members enrolled (B1)',
  newMemberships: 'new memberships after an ended one',
  reactivated: 'members reactivated (B9)',
  subscriptionsAdded: 'subscriptions added',
  cancelled: 'subscriptions cancelled',
  lastCancelled: 'last subscriptions cancelled (B9 starts)',
  subscriptionsChanged: 'subscriptions changed',
  invoicesNew: 'invoices new',
  invoicesUpdated: 'invoices updated',
  invoicesPaid: 'invoices paid',
};

function printCounts(counts: BillingCounts): void {
  for (const [key, label] of Object.entries(countLabels) as [keyof BillingCounts, string][]) if (counts[key] > 0) console.log(`  ${label}: ${counts[key]}`);
}

function printRejections(rejections: readonly BillingRejection[], rejected: number): void {
  for (const r of rejections) console.log(`  line ${r.lineNo}: ${r.reason}${r.field === undefined ? '' : ` (${r.field})`}${r.text === '' ? '' : `  ${r.text}`}`);
  if (rejected > rejections.length) console.log(`  … and ${rejected - rejections.length} more bad lines`);
}

/**
 * D1–D3 from the command line. `--dry-run` is the screen's preview: what the file would create,
 * change, cancel and reactivate, and every bad line with its number, storing nothing. Without it
 * the file is applied as the screen's apply is: a job in a worker thread, in batches that each
 * move the file's resume marker, with progress on stderr; Ctrl+C stops it between batches (exit
 * 2) and the next start resumes it. A file applied already is refused (exit 1, duplicate_file).
 */
export const importBillingCommand: Command = {
  name: 'import-billing',
  summary: 'Apply a billing file — customers, subscriptions or invoices (D1–D3); --dry-run previews it. Resumes a stopped apply; a file applied already is refused.',
  usage: 'import-billing --db FILE --kind customers|subscriptions|invoices PATH [--dry-run] [--json] [--batch-size N]',
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        db: { type: 'string' },
        kind: { type: 'string' },
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        now: { type: 'string' },
      },
      true,
    );
    const kind = values.kind;
    if (!isKind(kind)) throw new UsageError('--kind customers|subscriptions|invoices is required');
    const path = positionals[0];
    if (path === undefined) throw new UsageError('the path of the billing file is required');
    if (!existsSync(path)) throw new UsageError(`cannot read ${path}`);
    const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) throw new UsageError('--batch-size must be a whole number above 0');
    const fileName = basename(path);
    const { desk, ctx } = await openForCommand(values.db, values.now);
    const baselineMb = peakMb();
    const started = performance.now();
    try {
      if (values['dry-run']) {
        const preview: BillingPreview = await previewBillingFile(ctx, { kind, fileName, source: { path: resolve(path) } });
        if (values.json) console.log(JSON.stringify({ dryRun: true, ...preview, ms: performance.now() - started, maxRssMb: peakMb(), baselineMb }));
        else {
          console.log(`${fileName} (${kind}): ${preview.total} lines${preview.alreadyApplied > 0 ? `, ${preview.alreadyApplied} applied before (the apply resumes after them)` : ''}; nothing was applied (dry run).`);
          console.log(`  would apply ${preview.applied}, skip ${preview.skipped} (nothing new), reject ${preview.rejected}`);
          printCounts(preview.counts);
          for (const c of preview.conflicts) console.log(`  conflict line ${c.lineNo}: member ${c.memberNo} ${c.field}: billing ${c.billingValue ?? '(empty)'}, desk ${c.deskValue ?? '(empty)'} (kept)`);
          printRejections(preview.rejections, preview.rejected);
        }
        return 0;
      }
      const job = startJob(ctx, { kind: 'billing-import', billingKind: kind, fileName, path: resolve(path), batchSize });
      let lastPrinted = 0;
      const stopWatching = watchJobs(ctx.store, (status) => {
        if (status.jobId !== job.jobId || status.state !== 'running') return;
        const now = performance.now();
        if (now - lastPrinted < 1_000) return;
        lastPrinted = now;
        console.error(`progress ${status.done}/${status.total ?? '?'} rows`);
      });
      // Ctrl+C stops between batches; what was committed stays, and the next start resumes.
      const stop = (): void => {
        console.error('stopping after the batch in hand …');
        cancelJob(ctx, job.jobId);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const finished = await jobFinished(ctx, job.jobId);
      stopWatching();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (finished.state === 'failed') {
        const e = finished.error;
        throw new DeskError(e?.code ?? 'internal', e?.message ?? 'The apply failed.', e?.details);
      }
      const result = finished.result as BillingApplyResult;
      const ms = performance.now() - started;
      if (values.json) console.log(JSON.stringify({ ...result, ms, rows: result.total, maxRssMb: peakMb(), baselineMb }));
      else {
        const state = result.status === 'done' ? 'applied' : `stopped at line ${result.appliedThrough}; run the same command again to resume`;
        console.log(`${result.fileName} (${kind}): ${state} — ${result.total} lines, ${result.applied} applied, ${result.skipped} skipped (nothing new), ${result.rejected} rejected, in ${(ms / 1000).toFixed(1)} s`);
        printCounts(result.counts);
        printRejections(result.rejections, result.rejected);
      }
      return result.status === 'done' ? 0 : BILLING_STOPPED_EXIT;
    } finally {
      desk.close();
    }
  },
};
