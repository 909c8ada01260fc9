import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import type { UserSummary } from '../../shared/channels/auth';
import type { Launch } from '../../shared/channels/launches';
import { canUse } from '../access';
import { call } from '../desk';
import { LaunchProductLabel } from '../components/launch/StockChip';
import { formatWeekdayDay } from '../components/supervisor/format';
import { useNotifier } from '../components/Notifier';
import { LaunchDialog } from '../forms/LaunchDialog';
import { ReasonDialog } from '../forms/ReasonDialog';
import { formatDay } from '../i18n/format';

/** Live stock (L5) is asked for again this often while the page is open. */
const REFRESH_MS = 15_000;

type Open = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; launch: Launch } | { kind: 'cancel'; launch: Launch };

/** The launch calendar: today, the next launches and the last 30 days, with live stock; supervisors keep it. */
export function LaunchesPage({ user }: { user: UserSummary }) {
  const { t, i18n } = useTranslation();
  const notifier = useNotifier();
  const canEdit = canUse(user.role, 'launches.create');
  const [list, setList] = useState<{ today: string; launches: Launch[] } | null>(null);
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      call('launches.list', {}).then(
        (result) => live && setList(result),
        (error: unknown) => live && notifier.error(error),
      );
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [version, notifier]);

  const close = (): void => setOpen({ kind: 'none' });
  const today = list?.today ?? '';
  const launches = list?.launches ?? [];
  const todays = launches.filter((l) => l.launchOn === today);
  const upcoming = launches.filter((l) => l.launchOn > today);
  const recent = launches.filter((l) => l.launchOn < today).reverse();
  const table = { canEdit, today, language: i18n.language, onEdit: (launch: Launch) => setOpen({ kind: 'edit', launch }), onCancel: (launch: Launch) => setOpen({ kind: 'cancel', launch }) };

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
        <Typography variant="h1" sx={{ flexGrow: 1 }}>
          {t('launches.title')}
        </Typography>
        {canEdit ? (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setOpen({ kind: 'create' })} disabled={list === null}>
            {t('launches.add')}
          </Button>
        ) : null}
      </Box>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('launches.intro')}
      </Typography>
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
  return (
    <Box component="section" aria-labelledby={`${id}-title`} sx={{ mb: 3 }} data-testid={id}>
      <Typography id={`${id}-title`} variant="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <Paper sx={{ overflowX: 'auto' }}>
        <Table aria-labelledby={`${id}-title`} sx={{ tableLayout: 'fixed', minWidth: 680 }}>
          <TableHead>
            <TableRow>
              {/* The same widths in every section, so the three tables line up. */}
              <TableCell sx={{ width: 150 }}>{t('launches.date')}</TableCell>
              <TableCell sx={{ width: '16%' }}>{t('launches.name')}</TableCell>
              <TableCell sx={{ width: '14%', whiteSpace: 'normal' }}>{t('launches.scope')}</TableCell>
              <TableCell sx={{ width: '13%' }}>{t('launches.status')}</TableCell>
              <TableCell>{t('launches.products')}</TableCell>
              {canEdit ? (
                <TableCell align="right" sx={{ width: 108 }}>
                  {t('launches.actions')}
                </TableCell>
              ) : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {launches.map((launch) => (
              <TableRow key={launch.id} data-testid={`launch-row-${launch.id}`} sx={{ verticalAlign: 'top' }}>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{formatWeekdayDay(launch.launchOn, language)}</TableCell>
                <TableCell sx={{ fontWeight: 600 }}>{launch.name}</TableCell>
                <TableCell>{t(`launch.scopeValue.${launch.scope}`)}</TableCell>
                <TableCell>
                  <StatusChip launch={launch} today={today} />
                  {launch.cancelReason !== null ? (
                    <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, maxWidth: 240 }}>
                      {launch.cancelReason}
                    </Typography>
                  ) : null}
                </TableCell>
                <TableCell>
                  {launch.products.length === 0 ? (
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
                  )}
                </TableCell>
                {canEdit ? (
                  <TableCell align="right">
                    {launch.editable ? (
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
                    )}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
            {launches.length === 0 ? (
              <TableRow>
                <TableCell colSpan={canEdit ? 6 : 5} sx={{ color: 'text.secondary' }}>
                  {empty}
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
    </Box>
  );
}

function StatusChip({ launch, today }: { launch: Launch; today: string }) {
  const { t } = useTranslation();
  if (launch.status === 'cancelled') return <Chip label={t('launches.cancelled')} color="error" variant="outlined" />;
  if (launch.launchOn < today) return <Chip label={t('launches.past')} variant="outlined" />;
  return <Chip label={t('launches.planned')} color="primary" variant="outlined" />;
}
