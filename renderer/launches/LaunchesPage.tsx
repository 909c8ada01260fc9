import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import type { UserSummary } from '../../shared/channels/auth';
import type { Launch } from '../../shared/channels/launches';
import { canUse } from '../ui/access';
import { call } from '../desk';
import { LaunchProductLabel } from './StockChip';
import { formatWeekdayDay } from './format';
import { useNotifier } from '../ui/Notifier';
import { LaunchDialog } from './LaunchDialog';
import { ReasonDialog } from '../ui/ReasonDialog';
import { formatDay } from '../i18n/format';
import { DataTable, type Column } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { useDeskList } from '../ui/useDeskList';
import { useDeskEvents } from '../events';

/** Live stock (L5) is asked for again this often while the page is open. */
const REFRESH_MS = 15_000;

type Open = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; launch: Launch } | { kind: 'cancel'; launch: Launch };

/** The launch calendar: today, the next launches and the last 30 days, with live stock; supervisors keep it. */
export function LaunchesPage({ user }: { user: UserSummary }) {
  const { t, i18n } = useTranslation();
  const notifier = useNotifier();
  const canEdit = canUse(user.role, 'launches.create');
  const query = useDeskList('launches.list', {}, REFRESH_MS);
  const { reload } = query;
  // L5, issue 11: a launch changed or stock moved on another desk: the calendar reads again at once.
  useDeskEvents(['launches', 'stock'], reload);
  const list = query.data;
  const [open, setOpen] = useState<Open>({ kind: 'none' });

  const close = (): void => setOpen({ kind: 'none' });
  const today = list?.today ?? '';
  const launches = list?.launches ?? [];
  const todays = launches.filter((l) => l.launchOn === today);
  const upcoming = launches.filter((l) => l.launchOn > today);
  const recent = launches.filter((l) => l.launchOn < today).reverse();
  const table = { canEdit, today, language: i18n.language, onEdit: (launch: Launch) => setOpen({ kind: 'edit', launch }), onCancel: (launch: Launch) => setOpen({ kind: 'cancel', launch }) };

  return (
    <Box>
      <PageHeader
        title={t('launches.title')}
        subtitle={t('launches.intro')}
        actions={
          canEdit ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setOpen({ kind: 'create' })} disabled={list === null}>
              {t('launches.add')}
            </Button>
          ) : null
        }
      />
      {list === null ? <LinearProgress aria-label={t('common.loading')} /> : null}
      {list !== null ? (
        <>
          <LaunchSection id="launches-today" title={t('launches.today')} empty={t('launches.noneToday')} launches={todays} {...table} />
          <LaunchSection id="launches-upcoming" title={t('launches.upcoming')} empty={t('launches.noneUpcoming')} launches={upcoming} {...table} />
          <LaunchSection id="launches-recent" title={t('launches.recent')} empty={t('launches.noneRecent')} launches={recent} {...table} />
        </>
      ) : null}
      {open.kind === 'create' || open.kind === 'edit' ? (
        <LaunchDialog
          launch={open.kind === 'edit' ? open.launch : null}
          today={today}
          onClose={close}
          onSaved={(_launch, created) => {
            close();
            reload();
            notifier.success(created ? t('launches.created') : t('launches.saved'));
          }}
        />
      ) : null}
      {open.kind === 'cancel' ? (
        <ReasonDialog
          title={t('launches.cancelTitle')}
          intro={t('launches.cancelIntro', { name: open.launch.name, date: formatDay(open.launch.launchOn) })}
          label={t('launches.cancelReason')}
          confirm={t('launches.cancelConfirm')}
          minLength={1}
          onClose={close}
          onConfirm={async (reason) => {
            await call('launches.cancel', { launchId: open.launch.id, reason });
            close();
            reload();
            notifier.success(t('launches.cancelDone'));
          }}
        />
      ) : null}
    </Box>
  );
}

interface SectionProps {
  id: string;
  title: string;
  empty: string;
  launches: Launch[];
  canEdit: boolean;
  today: string;
  language: string;
  onEdit(launch: Launch): void;
  onCancel(launch: Launch): void;
}

function LaunchSection({ id, title, empty, launches, canEdit, today, language, onEdit, onCancel }: SectionProps) {
  const { t } = useTranslation();
  // The same widths in every section, so the three tables line up.
  const columns: Column<Launch>[] = [
    { key: 'date', header: t('launches.date'), headerSx: { width: 150 }, cellSx: { fontVariantNumeric: 'tabular-nums' }, cell: (launch) => formatWeekdayDay(launch.launchOn, language) },
    { key: 'name', header: t('launches.name'), headerSx: { width: '16%' }, cellSx: { fontWeight: 600 }, cell: (launch) => launch.name },
    { key: 'scope', header: t('launches.scope'), headerSx: { width: '14%', whiteSpace: 'normal' }, cell: (launch) => t(`launch.scopeValue.${launch.scope}`) },
    {
      key: 'status',
      header: t('launches.status'),
      headerSx: { width: '13%' },
      cell: (launch) => (
        <>
          <StatusChip launch={launch} today={today} />
          {launch.cancelReason !== null ? (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, maxWidth: 240 }}>
              {launch.cancelReason}
            </Typography>
          ) : null}
        </>
      ),
    },
    {
      key: 'products',
      header: t('launches.products'),
      cell: (launch) =>
        launch.products.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {t('launch.noProducts')}
          </Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: 0.5 }}>
            {launch.products.map((p) => (
              <li key={p.id}>
                <LaunchProductLabel product={p} />
              </li>
            ))}
          </Box>
        ),
    },
    {
      key: 'actions',
      header: t('launches.actions'),
      align: 'right',
      hidden: !canEdit,
      headerSx: { width: 108 },
      cell: (launch) =>
        launch.editable ? (
          <>
            <Tooltip title={t('launches.edit', { name: launch.name })}>
              <IconButton size="small" aria-label={t('launches.edit', { name: launch.name })} onClick={() => onEdit(launch)}>
                <EditIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            <Tooltip title={t('launches.cancel', { name: launch.name })}>
              <IconButton size="small" aria-label={t('launches.cancel', { name: launch.name })} onClick={() => onCancel(launch)}>
                <EventBusyIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          </>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('launches.readOnly')}
          </Typography>
        ),
    },
  ];
  return (
    <Box component="section" aria-labelledby={`${id}-title`} sx={{ mb: 3 }} data-testid={id}>
      <Typography id={`${id}-title`} variant="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <DataTable
        columns={columns}
        rows={launches}
        rowKey={(launch) => launch.id}
        rowProps={(launch) => ({ 'data-testid': `launch-row-${launch.id}`, sx: { verticalAlign: 'top' } })}
        empty={empty}
        labelledBy={`${id}-title`}
        sx={{ tableLayout: 'fixed', minWidth: 680 }}
      />
    </Box>
  );
}

function StatusChip({ launch, today }: { launch: Launch; today: string }) {
  const { t } = useTranslation();
  if (launch.status === 'cancelled') return <Chip label={t('launches.cancelled')} color="error" variant="outlined" />;
  if (launch.launchOn < today) return <Chip label={t('launches.past')} variant="outlined" />;
  return <Chip label={t('launches.planned')} color="primary" variant="outlined" />;
}
