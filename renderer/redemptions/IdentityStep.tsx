import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Typography from '@mui/material/Typography';
import type { MemberProfile } from '../../shared/channels/members';
import type { IdentityChecks } from '../../shared/channels/redemptions';
import { formatPhone } from '../i18n/format';
import { kbd, visuallyHidden } from '../ui/styles';

export const identityKeys = ['memberNo', 'address', 'email', 'phone'] as const;
export type IdentityKey = (typeof identityKeys)[number];
export const MIN_IDENTITY_CHECKS = 2;

export function identityCount(checks: IdentityChecks): number {
  return identityKeys.filter((k) => checks[k]).length;
}

/** What the desk holds for each detail, for the agent to compare with what the caller says. */
function registered(member: MemberProfile, key: IdentityKey): string | null {
  switch (key) {
    case 'memberNo':
      return String(member.memberNo);
    case 'address': {
      const place = [member.postcode, member.city].filter((p) => p !== null).join(' ');
      const parts = [member.address, place === '' ? null : place].filter((p): p is string => p !== null);
      return parts.length === 0 ? null : parts.join(', ');
    }
    case 'email':
      return member.email;
    case 'phone':
      return formatPhone(member.phone);
  }
}

/**
 * 1–4 tick the details in order, without leaving the keyboard's home row. The dialog answers
 * these keys wherever its focus is (even on the dialog itself while its focus trap settles),
 * so a fast agent's keys after Alt+N are never lost. Returns the new checks, or null when the
 * key is not one of them.
 */
export function toggleByKey(member: MemberProfile, checks: IdentityChecks, keyName: string): IdentityChecks | null {
  const key = identityKeys[['1', '2', '3', '4'].indexOf(keyName)];
  if (key === undefined || registered(member, key) === null) return null;
  return { ...checks, [key]: !checks[key] };
}

interface Props {
  member: MemberProfile;
  checks: IdentityChecks;
  onChange(checks: IdentityChecks): void;
  /** The agent tried to go on with fewer than two. */
  showError: boolean;
}

/**
 * B7, step 1: the caller confirms at least two details. The agent asks ("what is your address?")
 * and compares with what is shown here; the details are never read out to the caller.
 */
export function IdentityStep({ member, checks, onChange, showError }: Props) {
  const { t } = useTranslation();
  const count = identityCount(checks);
  // The first checkbox is where the dialog opens (data-mui-focusable: the dialog's focus trap starts there).

  return (
    <Box>
      <Typography sx={{ mb: 0.5 }}>{t('redemption.identity.intro')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {t('redemption.identity.doNotRead')}
      </Typography>
      <Box component="fieldset" sx={{ border: 0, m: 0, p: 0 }}>
        <Box component="legend" sx={visuallyHidden}>
          {t('redemption.identity.legend')}
        </Box>
        {identityKeys.map((key, index) => {
          const value = registered(member, key);
          const id = `identity-${key}`;
          return (
            <Box
              key={key}
              sx={{
                display: 'grid',
                gridTemplateColumns: '42px minmax(120px, max-content) minmax(0, 1fr) auto',
                alignItems: 'center',
                columnGap: 1.5,
                py: 0.25,
                px: 0.5,
                borderRadius: 1,
                bgcolor: checks[key] ? 'rgba(31, 78, 140, 0.07)' : 'transparent',
              }}
            >
              <Checkbox
                id={id}
                checked={checks[key]}
                disabled={value === null}
                onChange={(event) => onChange({ ...checks, [key]: event.target.checked })}
                slotProps={{ input: { 'aria-describedby': `${id}-value`, ...(index === 0 ? { 'data-step-focus': true, 'data-mui-focusable': true } : {}) } as object }}
              />
              <Box component="label" htmlFor={id} sx={{ fontWeight: 600, cursor: value === null ? 'default' : 'pointer', color: value === null ? 'text.secondary' : 'text.primary' }}>
                {t(`redemption.identity.${key}`)}
              </Box>
              <Box id={`${id}-value`} sx={{ color: value === null ? 'text.secondary' : 'text.primary', overflowWrap: 'anywhere', fontVariantNumeric: 'tabular-nums' }}>
                {value ?? t('redemption.identity.notRegistered')}
              </Box>
              <Box component="kbd" aria-hidden sx={kbd}>
                {index + 1}
              </Box>
            </Box>
          );
        })}
      </Box>
      <Typography
        variant="body2"
        role="status"
        data-testid="identity-count"
        sx={{ mt: 1.5, fontWeight: 600, color: count >= MIN_IDENTITY_CHECKS ? 'success.main' : 'text.secondary' }}
      >
        {t('redemption.identity.count', { count, min: MIN_IDENTITY_CHECKS })}
      </Typography>
      {showError && count < MIN_IDENTITY_CHECKS ? (
        <Alert severity="error" sx={{ mt: 1 }}>
          {t('redemption.identity.tooFew', { min: MIN_IDENTITY_CHECKS })}
        </Alert>
      ) : null}
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
        {t('redemption.identity.keys')}
      </Typography>
    </Box>
  );
}


