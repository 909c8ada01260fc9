import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { MemberProfile } from '../../shared/channels/members';
import { formatDay, formatPhone } from '../i18n/format';
import { membershipText } from './membership-text';
import { useTermsInForce } from '../terms/useTermsInForce';

/** Who the member is: what the agent checks with the caller. */
export function ProfileCard({ member }: { member: MemberProfile }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const place = [member.postcode, member.city].filter((p) => p !== null).join(' ');
  // B13 (issue 13): the version of the terms in force, named beside the membership.
  const terms = useTermsInForce();
  const rows: [string, string][] = [
    [t('member.address'), member.address ?? none],
    [t('member.postcodeCity'), place || none],
    [t('member.email'), member.email ?? none],
    [t('member.phone'), formatPhone(member.phone) ?? none],
    [t('member.birthDate'), formatDay(member.birthDate) ?? none],
    [t('member.enrolledOn'), formatDay(member.enrolledOn) ?? none],
  ];
  return (
    <Paper component="section" aria-labelledby="profile-title" sx={{ p: 2 }}>
      <Typography id="profile-title" variant="h2" sx={{ mb: 1.5 }}>
        {t('member.profile')}
      </Typography>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          // Two label/value pairs a row on wide screens: the whole profile without scrolling.
          gridTemplateColumns: { xs: 'max-content minmax(0, 1fr)', lg: 'max-content minmax(0, 1fr) max-content minmax(0, 1fr)' },
          columnGap: 3,
          rowGap: 0.75,
          m: 0,
        }}
      >
        {rows.map(([label, value]) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ color: 'text.secondary' }}>
              {label}
            </Box>
            <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere', fontVariantNumeric: 'tabular-nums' }}>
              {value}
            </Box>
          </Box>
        ))}
        <Box component="dt" sx={{ color: 'text.secondary' }}>
          {t('member.membership')}
        </Box>
        <Box component="dd" sx={{ m: 0, gridColumn: { lg: 'span 3' } }} data-testid="membership-text">
          {membershipText(t, member).map((line) => (
            <Box key={line}>{line}</Box>
          ))}
        </Box>
        {terms === undefined ? null : (
          <>
            <Box component="dt" sx={{ color: 'text.secondary' }}>
              {t('terms.inForce')}
            </Box>
            <Box component="dd" sx={{ m: 0, gridColumn: { lg: 'span 3' } }} data-testid="terms-in-force">
              {terms === null ? t('terms.noneInForce') : t('terms.inForceValue', { title: terms.title, date: formatDay(terms.effectiveOn) })}
            </Box>
          </>
        )}
      </Box>
    </Paper>
  );
}
