import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ServiceEmail } from '../../shared/channels/runs';
import { renderTemplate, templatePlaceholders, unknownPlaceholders, type ServiceEmailTemplate } from '../../shared/service-email-template';
import { call } from '../desk';
import { describeError } from '../i18n/errors';
import { useDeskAction } from '../ui/useDeskAction';
import { useDeskQuery } from '../ui/useDeskQuery';

/**
 * B12 (issue 15): the service email's template, which supervisors edit (managers read it), with
 * a live preview for the first member on the list — rendered by the same shared function the desk
 * renders the list and the .eml files with — and the export of the due emails as .eml files.
 */
export function ServiceEmailTemplateEditor({ canEdit, first, onChanged }: { canEdit: boolean; first: ServiceEmail | null; onChanged(): void }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const stored = useDeskQuery('runs.emailTemplate', {}, version);
  const [draft, setDraft] = useState<ServiceEmailTemplate | null>(null);
  const template = draft ?? stored.data?.template ?? null;
  const save = useDeskAction((next: ServiceEmailTemplate) => call('runs.setEmailTemplate', { template: next }), {
    success: (result) => (result.changed ? t('serviceEmail.saved') : t('serviceEmail.unchanged')),
    onSuccess: () => {
      setDraft(null);
      setVersion((v) => v + 1);
      onChanged();
    },
    onError: 'keep',
  });
  const exportEml = useDeskAction((markSent: boolean) => call('runs.exportServiceEmails', { markSent }), {
    success: (result) => t('serviceEmail.exported', { count: result.files, folder: result.folder }),
    onSuccess: () => onChanged(),
  });

  if (template === null) return null;
  const unknown = [...unknownPlaceholders(template.subject), ...unknownPlaceholders(template.body)];
  const preview = first === null ? null : renderTemplate(template, first.facts);
  const edit = (field: keyof ServiceEmailTemplate) => (event: { target: { value: string } }) => setDraft({ ...template, [field]: event.target.value });

  return (
    <Paper component="section" aria-labelledby="service-email-template" sx={{ p: 2, mb: 2 }}>
      <Typography id="service-email-template" variant="h2" sx={{ mb: 1 }}>
        {t('serviceEmail.template')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('serviceEmail.templateIntro', { placeholders: templatePlaceholders.map((p) => `{{${p}}}`).join(', '), interpolation: { escapeValue: false } })}
      </Typography>
      <Box sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, gap: 2 }}>
        <Stack spacing={2} sx={{ flex: '1 1 0', minWidth: 0 }}>
          <TextField label={t('serviceEmail.from')} value={template.from} onChange={edit('from')} slotProps={{ input: { readOnly: !canEdit } }} />
          <TextField label={t('serviceEmail.subject')} value={template.subject} onChange={edit('subject')} slotProps={{ input: { readOnly: !canEdit } }} />
          <TextField label={t('serviceEmail.body')} value={template.body} onChange={edit('body')} multiline minRows={8} slotProps={{ input: { readOnly: !canEdit } }} />
          {unknown.length > 0 ? <Alert severity="error">{unknown.map((u) => `{{${u}}}`).join(', ')}</Alert> : null}
          {save.errorText === null ? null : <Alert severity="error">{save.errorText}</Alert>}
          {canEdit ? (
            <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 1 }}>
              <Button variant="contained" disabled={draft === null || unknown.length > 0} loading={save.busy} onClick={() => void save.run(template)}>
                {t('serviceEmail.save')}
              </Button>
              <Button variant="outlined" disabled={first === null || draft !== null} loading={exportEml.pending?.[0] === false} onClick={() => void exportEml.run(false)}>
                {t('serviceEmail.export')}
              </Button>
              <Button variant="outlined" disabled={first === null || draft !== null} loading={exportEml.pending?.[0] === true} onClick={() => void exportEml.run(true)}>
                {t('serviceEmail.exportAndMark')}
              </Button>
            </Stack>
          ) : null}
        </Stack>
        <Box component="section" aria-labelledby="service-email-preview" sx={{ flex: '1 1 0', minWidth: 0 }} data-testid="service-email-preview">
          <Typography id="service-email-preview" variant="h3" sx={{ mb: 1 }}>
            {first === null ? t('serviceEmail.noPreview') : t('serviceEmail.preview', { name: first.name })}
          </Typography>
          {preview === null ? null : (
            <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, bgcolor: 'background.default' }}>
              <Typography sx={{ fontWeight: 600, mb: 1 }}>{preview.subject}</Typography>
              <Typography component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', m: 0 }}>
                {preview.body}
              </Typography>
            </Box>
          )}
          {stored.error === null ? null : <Alert severity="error">{describeError(t, stored.error)}</Alert>}
        </Box>
      </Box>
    </Paper>
  );
}
