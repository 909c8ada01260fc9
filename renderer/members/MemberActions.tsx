import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import ContactMailOutlinedIcon from '@mui/icons-material/ContactMailOutlined';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import FolderSharedOutlinedIcon from '@mui/icons-material/FolderSharedOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import NoteAddOutlinedIcon from '@mui/icons-material/NoteAddOutlined';
import PersonAddAlt1OutlinedIcon from '@mui/icons-material/PersonAddAlt1Outlined';
import RedeemIcon from '@mui/icons-material/Redeem';
import TuneIcon from '@mui/icons-material/Tune';
import PersonRemoveOutlinedIcon from '@mui/icons-material/PersonRemoveOutlined';
import type { MemberPage, MemberProfile } from '../../shared/channels/members';
import type { Role } from '../../shared/roles';
import { canUse } from '../ui/access';
import { CORRECT_POINTS_KEYS, EDIT_CONTACT_KEYS, NEW_REDEMPTION_KEYS } from './useMemberShortcuts';
import { kbd } from '../ui/styles';

export type MemberAction = 'redeem' | 'note' | 'optOut' | 'keepMembership' | 'endKeptMembership' | 'rejoin' | 'accessExport' | 'contact' | 'correct' | 'erase';

interface Props {
  role: Role;
  member: MemberProfile;
  /** B3: whether and why not the member may redeem, as `members.get` decided it (the booking's rule). */
  redeem: MemberPage['redeem'];
  onAction(action: MemberAction): void;
}

/** What the agent can do for the caller, each where it applies (B3, B9, B10). */
export function MemberActions({ role, member, redeem, onAction }: Props) {
  const { t } = useTranslation();
  const blocker = redeem.allowed ? null : redeem.reason;
  const mayRedeem = canUse(role, 'redemptions.create');
  return (
    <Box sx={{ mb: 2 }}>
      <Box role="toolbar" aria-label={t('memberActions.label')} sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        {mayRedeem ? (
          <Button
            variant="contained"
            startIcon={<RedeemIcon />}
            disabled={blocker !== null}
            onClick={() => onAction('redeem')}
            aria-keyshortcuts={NEW_REDEMPTION_KEYS}
            aria-describedby={blocker === null ? undefined : 'redeem-blocker'}
          >
            {t('memberActions.redeem')}
            <Box component="kbd" aria-hidden sx={{ ...kbd, ml: 1, bgcolor: 'rgba(255,255,255,0.15)', color: 'inherit', borderColor: 'rgba(255,255,255,0.5)' }}>
              {t('memberActions.redeemKeys')}
            </Box>
          </Button>
        ) : null}
        {canUse(role, 'members.addNote') ? (
          <Button variant="outlined" startIcon={<NoteAddOutlinedIcon />} onClick={() => onAction('note')}>
            {t('memberActions.note')}
          </Button>
        ) : null}
        {/* D3: the caller's address, email and phone, corrected after the identity check (not for an erased member). */}
        {canUse(role, 'members.updateContact') && !member.anonymised ? (
          <Button variant="outlined" startIcon={<ContactMailOutlinedIcon />} onClick={() => onAction('contact')} aria-keyshortcuts={EDIT_CONTACT_KEYS}>
            {t('contact.action')}
            <Box component="kbd" aria-hidden sx={{ ...kbd, ml: 1 }}>
              {t('contact.actionKeys')}
            </Box>
          </Button>
        ) : null}
        {/* B11 (issue 13): the supervisor's corrections; agents and managers never see this button. */}
        {canUse(role, 'corrections.create') && !member.anonymised ? (
          <Button variant="outlined" startIcon={<TuneIcon />} onClick={() => onAction('correct')} aria-keyshortcuts={CORRECT_POINTS_KEYS}>
            {t('correct.action')}
            <Box component="kbd" aria-hidden sx={{ ...kbd, ml: 1 }}>
              {t('correct.actionKeys')}
            </Box>
          </Button>
        ) : null}
        {canUse(role, 'members.keepMembership') && member.state === 'cancelled' && member.keepMembershipOn === null ? (
          <Button variant="outlined" startIcon={<EventRepeatIcon />} onClick={() => onAction('keepMembership')}>
            {t('memberActions.keepMembership')}
          </Button>
        ) : null}
        {canUse(role, 'members.rejoin') && member.state === 'opted_out' ? (
          <Button variant="outlined" startIcon={<PersonAddAlt1OutlinedIcon />} onClick={() => onAction('rejoin')}>
            {t('memberActions.rejoin')}
          </Button>
        ) : null}
        {canUse(role, 'members.accessExport') ? (
          <Button variant="outlined" startIcon={<FolderSharedOutlinedIcon />} onClick={() => onAction('accessExport')}>
            {t('memberActions.accessExport')}
          </Button>
        ) : null}
        {/* B14 (issue 15): a manager erases the member's personal data (refused while a subscription is active or a redemption open). */}
        {canUse(role, 'members.erase') && !member.anonymised ? (
          <Button variant="outlined" color="error" startIcon={<PersonRemoveOutlinedIcon />} onClick={() => onAction('erase')}>
            {t('gdpr.erase')}
          </Button>
        ) : null}
        {canUse(role, 'members.optOut') && (member.state === 'active' || member.state === 'cancelled') ? (
          <Button variant="outlined" color="error" startIcon={<LogoutIcon />} onClick={() => onAction('optOut')} sx={{ ml: { sm: 'auto' } }}>
            {t('memberActions.optOut')}
          </Button>
        ) : null}
        {/* B9: a kept membership lasts until the member ends it; only then is this offered. */}
        {canUse(role, 'members.endKeptMembership') && member.state === 'cancelled' && member.keepMembershipOn !== null ? (
          <Button variant="outlined" color="error" startIcon={<EventBusyIcon />} onClick={() => onAction('endKeptMembership')}>
            {t('memberActions.endKeptMembership')}
          </Button>
        ) : null}
      </Box>
      {mayRedeem && blocker !== null ? (
        <Typography id="redeem-blocker" variant="body2" color="text.secondary" sx={{ mt: 0.75 }}>
          {t(`error.${blocker}`)}
        </Typography>
      ) : null}
    </Box>
  );
}
