import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { SignInRecord, SignInThrottle } from '../../shared/channels/auth';
import { call } from '../desk';
import { formatInstantDay, formatInstantTime } from '../i18n/format';
import { DataTable, type Column } from '../ui/DataTable';
import { PageHeader } from '../ui/PageHeader';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';

const when = (iso: string): string => `${formatInstantDay(iso)} ${formatInstantTime(iso)}`;

/**
 * Admin (issue 10): how long sessions last, the sign-in throttles with a lift, and the record of
 * every sign-in attempt. Refreshes every 15 s, since throttles come and go while the page is open.
 */
export function SecurityPage() {
  const { t } = useTranslation();
  return (
    <Box>
      <PageHeader title={t('security.title')} subtitle={t('security.intro')} />
      <Stack spacing={3}>
        <SessionPolicyForm />
        <Throttles />
        <SignIns />
      </Stack>
    </Box>
  );
}

function SessionPolicyForm() {
  const { t } = useTranslation();
  const policy = useDeskList('security.sessionPolicy', {});
  // What the admin typed; until then the stored values show.
  const [draft, setDraft] = useState<{ idle?: string; max?: string }>({});
  const idle = draft.idle ?? (policy.data === null ? '' : String(policy.data.idleMinutes));
  const max = draft.max ?? (policy.data === null ? '' : String(policy.data.maxHours));
  const setIdle = (value: string): void => setDraft((d) => ({ ...d, idle: value }));
  const setMax = (value: string): void => setDraft((d) => ({ ...d, max: value }));
  const save = useDeskAction((idleMinutes: number, maxHours: number) => call('security.setSessionPolicy', { idleMinutes, maxHours }), {
    success: () => t('security.saved'),
    onSuccess: () => setDraft({}),
    reload: policy.reload,
  });
  const idleValue = Number(idle);
  const maxValue = Number(max);
  const idleBad = idle !== '' && !(Number.isInteger(idleValue) && idleValue >= 5 && idleValue <= 720);
  const maxBad = max !== '' && !(Number.isInteger(maxValue) && maxValue >= 1 && maxValue <= 24);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (idle === '' || max === '' || idleBad || maxBad) return;
    void save.run(idleValue, maxValue);
  };
  return (
    <Paper component="section" aria-labelledby="security-policy-title" sx={{ p: 2 }}>
      <Typography id="security-policy-title" variant="h2" gutterBottom>
        {t('security.policyTitle')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, maxWidth: '70ch' }}>
        {t('security.policyIntro')}
      </Typography>
      <Box component="form" onSubmit={submit} sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          label={t('security.idleMinutes')}
          value={idle}
          onChange={(e) => setIdle(e.target.value.replace(/\D/g, ''))}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          error={idleBad}
          helperText={t('security.idleHelp')}
          sx={{ width: 200 }}
        />
        <TextField
          label={t('security.maxHours')}
          value={max}
          onChange={(e) => setMax(e.target.value.replace(/\D/g, ''))}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          error={maxBad}
          helperText={t('security.maxHoursHelp')}
          sx={{ width: 200 }}
        />
        <Button type="submit" variant="contained" loading={save.busy} disabled={idle === '' || max === '' || idleBad || maxBad} sx={{ mt: 1 }}>
          {t('security.save')}
        </Button>
      </Box>
    </Paper>
  );
}

function Throttles() {
  const { t } = useTranslation();
  const list = useDeskList('security.throttles', {}, 15_000);
  const lift = useDeskAction((row: SignInThrottle) => call('security.liftThrottle', { key: row.key }), {
    success: (_r, row) => t('security.lifted', { subject: row.subject }),
    reload: list.reload,
  });
  const columns: Column<SignInThrottle>[] = [
    { key: 'subject', header: t('security.subject'), cellSx: { fontFamily: 'monospace' }, cell: (r) => r.subject },
    { key: 'kind', header: t('security.kind'), cell: (r) => (r.kind === 'account' ? t('security.kindAccount') : t('security.kindClient')) },
    { key: 'failures', header: t('security.failures'), align: 'right', cell: (r) => r.failures.toLocaleString('nb-NO') },
    { key: 'last', header: t('security.lastFailure'), cell: (r) => when(r.lastFailureAt) },
    {
      key: 'until',
      header: t('security.blockedUntil'),
      cell: (r) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <span>{when(r.blockedUntil)}</span>
          <Chip size="small" variant="outlined" color={r.active ? 'warning' : 'default'} label={r.active ? t('security.waiting') : t('security.free')} />
        </Stack>
      ),
    },
    {
      key: 'lift',
      header: '',
      align: 'right',
      cell: (r) => (
        <Button size="small" aria-label={t('security.liftLabel', { subject: r.subject })} loading={lift.pending?.[0].key === r.key} onClick={() => void lift.run(r)}>
          {t('security.lift')}
        </Button>
      ),
    },
  ];
  return (
    <Box component="section" aria-labelledby="security-throttles-title">
      <Typography id="security-throttles-title" variant="h2" gutterBottom>
        {t('security.throttlesTitle')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1, maxWidth: '70ch' }}>
        {t('security.throttlesIntro')}
      </Typography>
      <DataTable columns={columns} rows={list.data?.throttles ?? null} rowKey={(r) => r.key} labelledBy="security-throttles-title" empty={t('security.noThrottles')} size="small" />
    </Box>
  );
}

function SignIns() {
  const { t } = useTranslation();
  const [failedOnly, setFailedOnly] = useState(false);
  const list = useDeskList('security.signIns', { failedOnly, limit: 100 }, 15_000);
  const columns: Column<SignInRecord>[] = [
    { key: 'at', header: t('security.at'), cellSx: { whiteSpace: 'nowrap' }, cell: (r) => when(r.at) },
    { key: 'username', header: t('security.username'), cellSx: { fontFamily: 'monospace' }, cell: (r) => r.username },
    { key: 'outcome', header: t('security.outcome'), cell: (r) => t(`security.outcomes.${r.outcome}`) },
    { key: 'client', header: t('security.client'), cell: (r) => r.client ?? t('security.embedded') },
  ];
  return (
    <Box component="section" aria-labelledby="security-signins-title">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography id="security-signins-title" variant="h2" sx={{ flexGrow: 1 }}>
          {t('security.signInsTitle')}
        </Typography>
        <FormControlLabel control={<Switch checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />} label={t('security.failedOnly')} />
      </Box>
      <DataTable columns={columns} rows={list.data?.signIns ?? null} rowKey={(r) => r.id} labelledBy="security-signins-title" empty={t('security.noSignIns')} size="small" />
    </Box>
  );
}
