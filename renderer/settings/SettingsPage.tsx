import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { UserSummary } from '../../shared/channels/auth';
import type { SettingValue } from '../../shared/channels/settings';
import { call } from '../desk';
import { formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';
import { canUse } from '../ui/access';
import { PageHeader } from '../ui/PageHeader';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskList } from '../ui/useDeskList';

/** Money is integer øre in the contract, shown and typed in NOK the Norwegian way: 79,00 kr. */
const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const nokField = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });

/** A setting's value as the page says it: 79,00 kr · 5 000 poeng · 30 dager. */
export function settingText(t: TFunction, unit: SettingValue['unit'], value: number): string {
  if (unit === 'ore') return nok.format(value / 100);
  return t(`settings.amount.${unit}`, { count: value, value: formatPoints(value) });
}

/** What the field shows for a stored value (NOK with two decimals, else the whole number). */
function fieldText(s: SettingValue): string {
  return s.unit === 'ore' ? nokField.format(s.value / 100) : String(s.value);
}

/** The typed text as the engine's whole number (øre for NOK), or null when it is not one. */
function parseField(unit: SettingValue['unit'], text: string): number | null {
  const compact = text.replace(/[\s\u00a0]/g, '');
  if (unit === 'ore') {
    const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(compact);
    if (m === null) return null;
    return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  }
  return /^\d{1,9}$/.test(compact) ? Number(compact) : null;
}

const when = (iso: string): string => `${formatInstantDay(iso)} ${formatInstantTime(iso)}`;

/**
 * Issue 13: the settings the rules leave to the desk — postage (B8, in NOK), the approval
 * threshold (B11), the service-email lead time (B12), the session times and the member page's
 * "expiring soon" window. Admins change them one at a time (each change audited with before and
 * after); supervisors and managers read them.
 */
export function SettingsPage({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const list = useDeskList('settings.list', {}, 60_000);
  const editable = canUse(user.role, 'settings.set');
  return (
    <Box>
      <PageHeader title={t('settings.title')} subtitle={editable ? t('settings.intro') : t('settings.readOnly')} />
      <Paper component="section" aria-labelledby="settings-list-title" sx={{ p: 2, maxWidth: 1100 }}>
        <Typography id="settings-list-title" variant="h2" sx={{ mb: 1 }}>
          {t('settings.listTitle')}
        </Typography>
        {list.data === null ? (
          <Typography color="text.secondary">{t('common.loading')}</Typography>
        ) : (
          <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {list.data.settings.map((s) => (
              <Box component="li" key={s.key} sx={{ py: 1.5, '& + &': { borderTop: 1, borderColor: 'divider' } }} data-setting={s.key}>
                <SettingRow setting={s} editable={editable} onSaved={list.reload} />
              </Box>
            ))}
          </Box>
        )}
      </Paper>
    </Box>
  );
}

function SettingRow({ setting: s, editable, onSaved }: { setting: SettingValue; editable: boolean; onSaved(): void }) {
  const { t } = useTranslation();
  const id = `setting-${s.key}`;
  const label = t(`settings.label.${s.key}`);
  // What the admin typed; until then the value in force shows.
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? fieldText(s);
  const parsed = parseField(s.unit, text);
  const bad = draft !== null && (parsed === null || parsed < s.min || parsed > s.max);
  const limits = t('settings.limits', { min: settingText(t, s.unit, s.min), max: settingText(t, s.unit, s.max), default: settingText(t, s.unit, s.defaultValue) });
  const save = useDeskAction((value: number) => call('settings.set', { key: s.key, value }), {
    success: (r) =>
      r.changed
        ? t('settings.saved', { label, before: settingText(t, s.unit, s.value), after: settingText(t, s.unit, r.setting.value) })
        : t('settings.unchanged', { label, value: settingText(t, s.unit, r.setting.value) }),
    onSuccess: () => setDraft(null),
    reload: onSaved,
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (bad || parsed === null) return;
    void save.run(parsed);
  };
  const changed =
    s.updatedAt === null ? t('settings.neverChanged') : t('settings.changedBy', { when: when(s.updatedAt), by: s.updatedBy ?? t('settings.someone') });
  const badText = s.unit === 'ore' ? t('settings.badNok', { min: settingText(t, s.unit, s.min), max: settingText(t, s.unit, s.max) }) : t('settings.badValue', { min: s.min, max: s.max });

  return (
    <Box
      component={editable ? 'form' : 'div'}
      noValidate
      onSubmit={editable ? submit : undefined}
      aria-labelledby={editable ? `${id}-label` : undefined}
      sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) 340px' }, columnGap: 3, rowGap: 1, alignItems: 'start' }}
    >
      <Box>
        <Typography component={editable ? 'label' : 'h3'} id={`${id}-label`} htmlFor={editable ? id : undefined} variant="subtitle1" sx={{ fontWeight: 600, display: 'block' }}>
          {label}
        </Typography>
        <Typography id={`${id}-help`} variant="body2" color="text.secondary" sx={{ maxWidth: '70ch' }}>
          {t(`settings.help.${s.key}`)}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }} data-testid={`${id}-changed`}>
          {t('settings.changed')}: {changed}
        </Typography>
      </Box>
      {editable ? (
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
          <TextField
            id={id}
            size="small"
            value={text}
            onChange={(e) => setDraft(e.target.value)}
            error={bad}
            helperText={bad ? badText : limits}
            autoComplete="off"
            sx={{ flexGrow: 1 }}
            slotProps={{
              htmlInput: { inputMode: s.unit === 'ore' ? 'decimal' : 'numeric', 'aria-describedby': `${id}-help ${id}-helper-text` },
              input: { endAdornment: <InputAdornment position="end">{t(`settings.unit.${s.unit}`)}</InputAdornment> },
            }}
          />
          <Button type="submit" variant="contained" loading={save.busy} disabled={bad || draft === null} aria-label={t('settings.saveLabel', { label })} sx={{ mt: '2px' }}>
            {t('settings.save')}
          </Button>
        </Box>
      ) : (
        <Box>
          <Typography sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }} data-testid={`${id}-value`}>
            {settingText(t, s.unit, s.value)}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {limits}
          </Typography>
        </Box>
      )}
    </Box>
  );
}
