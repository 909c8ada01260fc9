import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { MemberProfile } from '../../shared/channels/members';
import { ADDRESS_MAX, CITY_MAX, checkContact, contactFields, EMAIL_MAX, isContactProblem, type ContactField, type ContactProblem } from '../../shared/contact';
import { asDeskError, call } from '../desk';
import { describeError } from '../i18n/errors';
import { formatPhone } from '../i18n/format';
import { ContactChannelField, type ContactChannel } from '../ui/agent-fields';
import { DialogActionsRow } from '../ui/DialogActionsRow';

const ID = 'contact-details';

type Texts = Record<ContactField, string>;
type Problems = Partial<Record<ContactField, ContactProblem>>;
/** What the agent typed into the fields they changed (a blank email or phone clears it). */
type Typed = { [F in ContactField]?: string };

/** The member's details as the fields show them first (the phone as +47 912 34 567). */
function initialTexts(member: MemberProfile): Texts {
  return {
    address: member.address ?? '',
    postcode: member.postcode ?? '',
    city: member.city ?? '',
    email: member.email ?? '',
    phone: formatPhone(member.phone) ?? '',
  };
}

/** Only the fields the agent touched are sent: an address unknown before is not "cleared" by a phone change. */
function touched(texts: Texts, initial: Texts): Typed {
  const input: Typed = {};
  for (const field of contactFields) if (texts[field].trim() !== initial[field].trim()) input[field] = texts[field];
  return input;
}

/** Main's refusal (invalid_input with details.fields, shared/contact.ts) as problems on the fields. */
function problemsOf(error: unknown): Problems | null {
  const e = asDeskError(error);
  const fields = e.details?.['fields'];
  if (e.code !== 'invalid_input' || typeof fields !== 'object' || fields === null) return null;
  const problems: Problems = {};
  for (const field of contactFields) {
    const p = (fields as Record<string, unknown>)[field];
    if (isContactProblem(p)) problems[field] = p;
  }
  return Object.keys(problems).length === 0 ? null : problems;
}

interface Props {
  member: MemberProfile;
  onClose(): void;
  /** Saved (or nothing to save); the message says what happened. */
  onDone(message: string): void;
}

/**
 * D3 and the role table: the agent corrects the caller's address, postcode, place, email and
 * phone after checking who is calling. The identity check comes first and must be ticked; the
 * fields are pre-filled and checked with the contract's own rules (shared/contact.ts), each
 * problem on its field. Keyboard: Tab moves through the check, the channel and the fields, Enter
 * saves (also on the checkbox), Esc closes.
 */
export function ContactDialog({ member, onClose, onDone }: Props) {
  const { t } = useTranslation();
  // What the fields showed when the dialog opened (a refresh behind it does not move them).
  const [initial] = useState<Texts>(() => initialTexts(member));
  const [texts, setTexts] = useState<Texts>(initial);
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [identityChecked, setIdentityChecked] = useState(false);
  const [tried, setTried] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const name = `${member.firstName} ${member.lastName}`;

  const localProblems = tried ? checkContact(touched(texts, initial)).problems : {};
  const problems: Problems = { ...serverProblems, ...localProblems };
  const identityMissing = tried && !identityChecked;

  const focusFirstProblem = (): void => {
    window.setTimeout(() => document.querySelector<HTMLElement>(`#${ID} [aria-invalid=true]`)?.focus(), 0);
  };

  const submit = async (): Promise<void> => {
    setTried(true);
    setServerProblems({});
    const input = touched(texts, initial);
    if (!identityChecked || Object.keys(checkContact(input).problems).length > 0) {
      focusFirstProblem();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const { changed } = await call('members.updateContact', { memberId: member.id, identityChecked: true, channel, ...input });
      onDone(changed.length === 0 ? t('contact.unchanged') : t('contact.saved', { name, fields: changed.map((f) => t(`contact.fieldNames.${f}`)).join(', ') }));
    } catch (error) {
      const fromMain = problemsOf(error);
      if (fromMain === null) setFailure(error);
      else {
        setServerProblems(fromMain);
        focusFirstProblem();
      }
      setBusy(false);
    }
  };

  const set = (field: ContactField) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setTexts((prev) => ({ ...prev, [field]: value }));
    // Main's verdict on this field no longer applies once the agent types in it.
    setServerProblems((prev) => Object.fromEntries(Object.entries(prev).filter(([f]) => f !== field)));
  };

  const field = (f: ContactField, options: { max: number; help?: string; inputMode?: 'numeric' | 'tel' | 'email'; autoComplete: string; width?: number | string }) => {
    const p = problems[f];
    return (
      <TextField
        id={`${ID}-${f}`}
        label={t(`contact.${f}`)}
        value={texts[f]}
        onChange={set(f)}
        error={p !== undefined}
        helperText={p !== undefined ? t(`contact.problem.${p}`) : options.help}
        autoComplete={options.autoComplete}
        sx={options.width === undefined ? undefined : { width: options.width, flexShrink: 0 }}
        slotProps={{ htmlInput: { maxLength: options.max + 20, inputMode: options.inputMode, spellCheck: false, 'data-field': f } }}
      />
    );
  };

  return (
    <Dialog open fullWidth maxWidth="sm" onClose={() => !busy && onClose()} aria-labelledby={`${ID}-title`}>
      <form
        id={ID}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        onKeyDown={(event) => {
          // Enter on the checkbox or a radio saves too (a text field submits the form by itself).
          const target = event.target;
          if (event.key === 'Enter' && target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) {
            event.preventDefault();
            event.currentTarget.requestSubmit();
          }
        }}
      >
        <DialogTitle id={`${ID}-title`}>{t('contact.title', { name })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <Typography color="text.secondary">{t('contact.intro')}</Typography>
            {failure === null ? null : <Alert severity="error">{describeError(t, failure)}</Alert>}
            <div>
              <FormControlLabel
                control={
                  <Checkbox
                    autoFocus
                    checked={identityChecked}
                    onChange={(event) => setIdentityChecked(event.target.checked)}
                    slotProps={{
                      input: {
                        id: `${ID}-identity`,
                        'aria-invalid': identityMissing,
                        'aria-describedby': `${ID}-identity-help`,
                      } as object,
                    }}
                  />
                }
                label={t('contact.identityChecked')}
                sx={{ alignItems: 'flex-start', '& .MuiFormControlLabel-label': { pt: 1, fontWeight: 600 } }}
              />
              <FormHelperText id={`${ID}-identity-help`} error={identityMissing} sx={{ ml: 4, mt: 0 }}>
                {identityMissing ? t('contact.mustCheckIdentity') : t('contact.identityHelp')}
              </FormHelperText>
            </div>
            <ContactChannelField id={`${ID}-channel`} value={channel} onChange={setChannel} />
            {field('address', { max: ADDRESS_MAX, autoComplete: 'off' })}
            <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
              {field('postcode', { max: 4, inputMode: 'numeric', autoComplete: 'off', width: 170 })}
              <Box sx={{ flex: 1, minWidth: 0, '& .MuiTextField-root': { width: '100%' } }}>{field('city', { max: CITY_MAX, autoComplete: 'off' })}</Box>
            </Box>
            {field('email', { max: EMAIL_MAX, inputMode: 'email', autoComplete: 'off', help: t('contact.emailHelp') })}
            {field('phone', { max: 20, inputMode: 'tel', autoComplete: 'off', help: t('contact.phoneHelp') })}
          </Stack>
        </DialogContent>
        <DialogActionsRow onCancel={onClose} busy={busy} confirm={t('contact.save')} />
      </form>
    </Dialog>
  );
}
