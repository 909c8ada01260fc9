import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import CloseIcon from '@mui/icons-material/Close';
import EditIcon from '@mui/icons-material/Edit';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import type { LaunchScript } from '../../shared/channels/launches';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatInstantDay, formatInstantTime } from '../i18n/format';
import { useNotifier } from '../ui/Notifier';

const MAX_SCRIPT = 5_000;

interface Props {
  open: boolean;
  onClose(): void;
  /** Supervisors change the text (launches.setScript). */
  canEdit: boolean;
  /** When customer service opens (Oslo, "10:00"). */
  opensAt: string;
}

/**
 * L1–L4: what the agent tells a caller before 10:00 (use the web shop, the waiting room and
 * 15-minute queue numbers, stores from 12:00). The script is Norwegian whatever the UI language.
 */
export function LaunchScriptDrawer({ open, onClose, canEdit, opensAt }: Props) {
  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={onClose}
      slotProps={{ paper: { role: 'dialog', 'aria-modal': true, 'aria-labelledby': 'launch-script-title', sx: { width: { xs: 400, md: 480 }, maxWidth: '100vw' } } }}
    >
      {open ? <ScriptPanel onClose={onClose} canEdit={canEdit} opensAt={opensAt} /> : null}
    </Drawer>
  );
}

function ScriptPanel({ onClose, canEdit, opensAt }: Omit<Props, 'open'>) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [script, setScript] = useState<LaunchScript | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    call('launches.script', {}).then(
      (value) => live && setScript(value),
      (error: unknown) => live && setFailure(error),
    );
    return () => {
      live = false;
    };
  }, []);

  const save = async (text: string | null): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const saved = await call('launches.setScript', { script: text });
      setScript(saved);
      setDraft(null);
      notifier.success(text === null ? t('launch.script.resetDone') : t('launch.script.saved'));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const trimmed = draft?.trim() ?? '';
  const draftError = draft === null ? null : trimmed === '' ? t('launch.script.empty') : trimmed.length > MAX_SCRIPT ? t('launch.script.tooLong') : null;

  return (
    <Box sx={{ p: 2.5, display: 'flex', flexDirection: 'column', gap: 1.5, height: '100%' }} data-testid="launch-script">
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
        <Typography id="launch-script-title" variant="h2" component="h2" sx={{ flexGrow: 1 }}>
          {t('launch.script.title')}
        </Typography>
        <IconButton onClick={onClose} aria-label={t('common.close')} title={t('common.close')} size="small">
          <CloseIcon />
        </IconButton>
      </Box>
      <Typography color="text.secondary">{t('launch.script.intro', { time: opensAt })}</Typography>
      {failure === null ? null : <Alert severity="error">{describeError(t, failure)}</Alert>}
      {script === null && failure === null ? <LinearProgress aria-label={t('common.loading')} /> : null}
      {script !== null ? (
        <>
          <Typography variant="caption" color="text.secondary" data-testid="launch-script-meta">
            {script.isDefault || script.updatedAt === null
              ? t('launch.script.isDefault')
              : script.updatedBy === null
                ? t('launch.script.changedUnknown', { date: formatInstantDay(script.updatedAt), time: formatInstantTime(script.updatedAt) })
                : t('launch.script.changed', { date: formatInstantDay(script.updatedAt), time: formatInstantTime(script.updatedAt), name: script.updatedBy })}
          </Typography>
          {draft === null ? (
            <Paper lang="nb" sx={{ p: 2, whiteSpace: 'pre-wrap', lineHeight: 1.6, bgcolor: 'background.default' }} data-testid="launch-script-text">
              {script.script}
            </Paper>
          ) : (
            <TextField
              label={t('launch.script.text')}
              multiline
              minRows={12}
              autoFocus
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              error={draftError !== null}
              helperText={draftError ?? `${trimmed.length} / ${MAX_SCRIPT}`}
              slotProps={{ htmlInput: { lang: 'nb' } }}
            />
          )}
          {canEdit ? (
            <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', gap: 1 }}>
              {draft === null ? (
                <>
                  <Button variant="outlined" startIcon={<EditIcon />} onClick={() => setDraft(script.script)}>
                    {t('launch.script.edit')}
                  </Button>
                  <Button startIcon={<RestartAltIcon />} disabled={script.isDefault || busy} onClick={() => void save(null)}>
                    {t('launch.script.reset')}
                  </Button>
                </>
              ) : (
                <>
                  <Button variant="contained" loading={busy} disabled={draftError !== null} onClick={() => void save(trimmed)}>
                    {t('launch.script.save')}
                  </Button>
                  <Button onClick={() => setDraft(null)} disabled={busy}>
                    {t('common.cancel')}
                  </Button>
                </>
              )}
            </Stack>
          ) : null}
        </>
      ) : null}
    </Box>
  );
}
