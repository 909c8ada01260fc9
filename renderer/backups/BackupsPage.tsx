import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import BackupIcon from '@mui/icons-material/Backup';
import Typography from '@mui/material/Typography';
import { BackupProblem, type BackupCheck, type BackupSummary, type DeskNow, type PendingRestore } from '../../shared/channels/backups';
import { asDeskError, call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';
import { DataTable, type Column } from '../ui/DataTable';
import { DialogActionsRow } from '../ui/DialogActionsRow';
import { PageHeader } from '../ui/PageHeader';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';
import { useDeskQuery } from '../ui/useDeskQuery';

const when = (iso: string): string => `${formatInstantDay(iso)} ${formatInstantTime(iso)}`;

const size = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 1 });
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${size.format(bytes / (1024 * 1024 * 1024))} GB`;
  if (bytes >= 1024 * 1024) return `${size.format(bytes / (1024 * 1024))} MB`;
  return `${size.format(Math.max(1, Math.round(bytes / 1024)))} kB`;
}

const COUNTS = ['members', 'ledger_entries', 'point_lots', 'users', 'audit_log'] as const;

/**
 * Admin (issue 10): the completed backups in the backup folder, a full check of one, and a
 * restore. The desk has its database open while it runs, so a restore is scheduled: the next
 * start puts the backup in place (keeping the current file aside), and the page says to restart.
 */
export function BackupsPage() {
  const { t } = useTranslation();
  const list = useDeskList('backups.list', {}, 30_000);
  // The full checks made on this page, by backup name (a check changes nothing, so it is not stored).
  const [checks, setChecks] = useState<Readonly<Record<string, BackupCheck>>>({});
  const [restoring, setRestoring] = useState<BackupSummary | null>(null);

  const problemText = (c: BackupCheck): string => (c.problem === null ? '' : t(`backups.problem.${c.problem}`));
  // Issue 13: a backup taken now lands in the list with its time and size.
  const take = useDeskAction(() => call('backups.take', {}), {
    success: (r) => t('backups.takenNow', { when: when(r.backup.takenAt), size: formatBytes(r.backup.bytes) }),
    reload: list.reload,
  });
  const check = useDeskAction((b: BackupSummary) => call('backups.check', { name: b.name }), {
    onSuccess: (r, b) => setChecks((all) => ({ ...all, [b.name]: r.check })),
    success: (r, b) => (r.check.ok ? t('backups.checkDone', { when: when(b.takenAt) }) : t('backups.checkFailed', { when: when(b.takenAt), problem: problemText(r.check) })),
  });

  const columns: Column<BackupSummary>[] = [
    { key: 'taken', header: t('backups.taken'), cellSx: { whiteSpace: 'nowrap' }, cell: (b) => when(b.takenAt) },
    { key: 'kind', header: t('backups.kind'), cell: (b) => t(`backups.kinds.${b.kind}`) },
    { key: 'size', header: t('backups.size'), align: 'right', cellSx: { whiteSpace: 'nowrap' }, cell: (b) => formatBytes(b.bytes) },
    { key: 'status', header: t('backups.status'), cell: (b) => <StatusChip backup={b} check={checks[b.name]} /> },
    {
      key: 'actions',
      header: '',
      align: 'right',
      cellSx: { whiteSpace: 'nowrap' },
      cell: (b) => {
        const usable = b.looks === 'whole' && checks[b.name]?.ok !== false;
        return (
          <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
            <Button size="small" aria-label={t('backups.checkLabel', { when: when(b.takenAt) })} loading={check.pending?.[0].name === b.name} onClick={() => void check.run(b)}>
              {t('backups.check')}
            </Button>
            <Button size="small" color="warning" disabled={!usable} aria-label={t('backups.restoreLabel', { when: when(b.takenAt) })} onClick={() => setRestoring(b)}>
              {t('backups.restore')}
            </Button>
          </Stack>
        );
      },
    },
  ];

  return (
    <Box>
      <PageHeader
        title={t('backups.title')}
        subtitle={t('backups.intro')}
        actions={
          <Button variant="contained" startIcon={<BackupIcon />} loading={take.busy} onClick={() => void take.run()}>
            {t('backups.takeNow')}
          </Button>
        }
      />
      {list.data === null || list.data.pending === null ? null : <PendingNotice pending={list.data.pending} onChanged={list.reload} />}
      <Stack spacing={1}>
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, flexWrap: 'wrap' }}>
          <Typography id="backups-list-title" variant="h2" sx={{ flexGrow: 1 }}>
            {t('backups.listTitle')}
          </Typography>
          {list.data === null ? null : (
            <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
              {t('backups.folder', { folder: list.data.folder })}
            </Typography>
          )}
        </Box>
        <DataTable
          columns={columns}
          rows={list.data?.backups ?? null}
          rowKey={(b) => b.name}
          rowProps={(b) => ({ 'data-backup': b.name })}
          detail={(b) => {
            const c = checks[b.name];
            return c === undefined ? null : { content: <CheckResult check={c} />, id: `check-${b.name}`, sx: { bgcolor: 'action.hover' } };
          }}
          labelledBy="backups-list-title"
          empty={t('backups.empty')}
          size="small"
          testId="backups-table"
        />
      </Stack>
      {restoring === null ? null : (
        <RestoreDialog
          backup={restoring}
          onClose={() => setRestoring(null)}
          onScheduled={(c) => {
            setChecks((all) => ({ ...all, [restoring.name]: c }));
            setRestoring(null);
            list.reload();
          }}
        />
      )}
    </Box>
  );
}

function StatusChip({ backup, check }: { backup: BackupSummary; check: BackupCheck | undefined }) {
  const { t } = useTranslation();
  if (check !== undefined) {
    return <Chip size="small" color={check.ok ? 'success' : 'error'} variant={check.ok ? 'filled' : 'outlined'} label={check.ok ? t('backups.checkedOk') : t('backups.checkedBad')} />;
  }
  return <Chip size="small" variant="outlined" color={backup.looks === 'whole' ? 'default' : 'error'} label={t(`backups.looks.${backup.looks}`)} />;
}

function CheckResult({ check }: { check: BackupCheck }) {
  const { t } = useTranslation();
  return (
    <Stack spacing={1} role="status" data-testid="backup-check">
      <Typography variant="subtitle2">{t('backups.resultTitle', { when: when(check.checkedAt) })}</Typography>
      {check.problem === null ? null : <Alert severity="error">{t(`backups.problem.${check.problem}`)}</Alert>}
      {check.findings.length === 0 ? null : (
        <Box>
          <Typography variant="body2">{t('backups.findings')}</Typography>
          <Box component="ul" sx={{ m: 0, fontFamily: 'monospace', fontSize: '0.8rem' }}>
            {check.findings.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </Box>
        </Box>
      )}
      {check.counts === null ? null : (
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="body2" color="text.secondary">
            {t('backups.holds')}
          </Typography>
          {COUNTS.map((key) => (
            <Chip key={key} size="small" variant="outlined" label={`${t(`backups.counts.${key}`)}: ${formatPoints(check.counts?.[key] ?? 0)}`} />
          ))}
        </Box>
      )}
      {check.ok && check.migrations.pending.length > 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('backups.older')}
        </Typography>
      ) : null}
    </Stack>
  );
}

/** Asks before scheduling: names the backup and says the desk restarts into it. */
function RestoreDialog({ backup, onClose, onScheduled }: { backup: BackupSummary; onClose(): void; onScheduled(check: BackupCheck): void }) {
  const { t } = useTranslation();
  // Issue 13: the confirmation names what is replaced — the database now beside the backup's contents.
  const look = useDeskQuery('backups.check', { name: backup.name });
  const restore = useDeskAction(() => call('backups.restore', { name: backup.name }), {
    onSuccess: (r) => onScheduled(r.check),
    success: () => t('backups.scheduled'),
    onError: 'keep',
    // A refused backup says why in the page's own words.
    describe: (error) => {
      const problem = refusedProblem(error);
      return problem === null ? describeError(t, error) : t(`backups.problem.${problem}`);
    },
  });
  return (
    <Dialog open onClose={restore.busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="restore-dialog-title" aria-describedby="restore-dialog-body">
      <DialogTitle id="restore-dialog-title">{t('backups.confirmTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5}>
          {restore.errorText === null ? null : <Alert severity="error">{restore.errorText}</Alert>}
          <DialogContentText id="restore-dialog-body">{t('backups.confirmBody', { when: when(backup.takenAt), name: backup.name })}</DialogContentText>
          <Replaces now={look.data?.replaces ?? null} check={look.data?.check ?? null} />
          <DialogContentText>{t('backups.confirmKept')}</DialogContentText>
          <DialogContentText sx={{ fontWeight: 600 }}>{t('backups.confirmRestart')}</DialogContentText>
        </Stack>
      </DialogContent>
      <DialogActionsRow
        onCancel={onClose}
        busy={restore.busy}
        confirm={t('backups.confirm')}
        confirmColor="warning"
        confirmDisabled={look.data === null || !look.data.check.ok}
        onConfirm={() => void restore.run()}
      />
    </Dialog>
  );
}

/** What the restore replaces: the database now, row by row beside the backup's (issue 13). */
function Replaces({ now, check }: { now: DeskNow | null; check: BackupCheck | null }) {
  const { t } = useTranslation();
  if (now === null || check === null) {
    return (
      <Typography variant="body2" color="text.secondary" role="status">
        {t('backups.replacesChecking')}
      </Typography>
    );
  }
  return (
    <Box data-testid="restore-replaces">
      <Typography variant="subtitle2" component="h3" id="restore-replaces-title">
        {t('backups.replacesTitle')}
      </Typography>
      <DialogContentText sx={{ mb: 1 }}>
        {t('backups.replacesBody', { database: now.database, changed: now.lastChangeAt === null ? t('backups.neverChanged') : when(now.lastChangeAt) })}
      </DialogContentText>
      {check.problem === null ? null : <Alert severity="error">{t(`backups.problem.${check.problem}`)}</Alert>}
      <Table size="small" aria-labelledby="restore-replaces-title" sx={{ maxWidth: 480 }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('backups.replacesWhat')}</TableCell>
            <TableCell align="right">{t('backups.replacesNow')}</TableCell>
            <TableCell align="right">{t('backups.replacesBackup')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {COUNTS.map((key) => (
            <TableRow key={key} data-count={key}>
              <TableCell component="th" scope="row">
                {t(`backups.counts.${key}`)}
              </TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatPoints(now.counts[key])}
              </TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {check.counts === null ? '–' : formatPoints(check.counts[key])}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** The backup's problem when `backups.restore` refused it (`bad_file` with the problem in its details). */
function refusedProblem(error: unknown): BackupProblem | null {
  const parsed = BackupProblem.safeParse(asDeskError(error).details?.['problem']);
  return parsed.success ? parsed.data : null;
}

/** The restore waiting for the next start (with a cancel), or the one that start could not do. */
function PendingNotice({ pending, onChanged }: { pending: PendingRestore; onChanged(): void }) {
  const { t } = useTranslation();
  const cancel = useDeskAction(() => call('backups.cancelRestore', {}), { success: () => t('backups.cancelled'), reload: onChanged });
  const failed = pending.failed;
  return (
    <Alert
      severity={failed === null ? 'warning' : 'error'}
      role="status"
      data-testid="restore-pending"
      sx={{ mb: 2 }}
      action={
        <Button color="inherit" size="small" loading={cancel.busy} onClick={() => void cancel.run()} sx={{ whiteSpace: 'nowrap' }}>
          {failed === null ? t('backups.cancelRestore') : t('backups.dismiss')}
        </Button>
      }
    >
      <AlertTitle>{failed === null ? t('backups.pendingTitle') : t('backups.failedTitle')}</AlertTitle>
      {failed === null
        ? t('backups.pendingBody', { name: pending.name, when: when(pending.scheduledAt), by: pending.scheduledBy ?? t('backups.someone') })
        : t('backups.failedBody', { name: pending.name, when: when(failed.at), message: failed.message })}
    </Alert>
  );
}
