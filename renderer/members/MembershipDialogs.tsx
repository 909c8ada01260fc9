import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Typography from '@mui/material/Typography';
import type { MemberProfile } from '../../shared/channels/members';
import { call } from '../desk';
import { formatDay, formatPoints } from '../i18n/format';
import { MemberActionDialog } from './MemberActionDialog';

interface Props {
  member: MemberProfile;
  onClose(): void;
  /** The write is booked; the message says what happened. */
  onDone(message: string): void;
}

const fullName = (m: MemberProfile): string => `${m.firstName} ${m.lastName}`;

/** B10: the member leaves the program; every point left is forfeited, and the agent confirms the member was told. */
export function OptOutDialog({ member, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const points = formatPoints(member.balance);
  return (
    <MemberActionDialog
      id="opt-out"
      title={t('optOut.title', { name: fullName(member) })}
      intro={
        member.balance > 0 ? (
          <Alert severity="warning" data-testid="opt-out-warning">
            <AlertTitle>{t('optOut.warningTitle', { points })}</AlertTitle>
            {t('optOut.warning', { points })}
          </Alert>
        ) : (
          <Alert severity="info" data-testid="opt-out-warning">
            {t('optOut.noPoints')}
          </Alert>
        )
      }
      submitLabel={t('optOut.submit')}
      danger
      acknowledge={member.balance > 0 ? t('optOut.told', { points }) : t('optOut.toldNoPoints')}
      onClose={onClose}
      onSubmit={async ({ channel, reason }) => {
        const { forfeited } = await call('members.optOut', { memberId: member.id, channel, reason, memberInformed: true });
        onDone(t('optOut.done', { name: fullName(member), points: formatPoints(forfeited) }));
      }}
    />
  );
}

/** B9: a cancelled member keeps membership beyond the 3 years, until they end it. */
export function KeepMembershipDialog({ member, onClose, onDone }: Props) {
  const { t } = useTranslation();
  return (
    <MemberActionDialog
      id="keep-membership"
      title={t('keepMembership.title', { name: fullName(member) })}
      intro={
        <Typography data-testid="keep-membership-intro">
          {member.membershipEndsOn === null
            ? t('keepMembership.introNoDate')
            : t('keepMembership.intro', { until: formatDay(member.membershipEndsOn) })}
        </Typography>
      }
      submitLabel={t('keepMembership.submit')}
      defaultReason={t('keepMembership.defaultReason')}
      onClose={onClose}
      onSubmit={async ({ channel, reason }) => {
        const { keptOn } = await call('members.keepMembership', { memberId: member.id, channel, reason });
        onDone(t('keepMembership.done', { name: fullName(member), date: formatDay(keptOn) }));
      }}
    />
  );
}

/**
 * B9: a kept membership lasts until the member ends it. Like an opt-out: the agent sees the
 * points that will be deleted and confirms the member was told; the desk books the deletion.
 */
export function EndKeptMembershipDialog({ member, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const points = formatPoints(member.balance);
  return (
    <MemberActionDialog
      id="end-kept-membership"
      title={t('endKeptMembership.title', { name: fullName(member) })}
      intro={
        <>
          <Typography sx={{ mb: 1.5 }}>{t('endKeptMembership.intro', { keptOn: formatDay(member.keepMembershipOn) ?? '' })}</Typography>
          {member.balance > 0 ? (
            <Alert severity="warning" data-testid="end-kept-warning">
              <AlertTitle>{t('endKeptMembership.warningTitle', { points })}</AlertTitle>
              {t('endKeptMembership.warning', { points })}
            </Alert>
          ) : (
            <Alert severity="info" data-testid="end-kept-warning">
              {t('endKeptMembership.noPoints')}
            </Alert>
          )}
        </>
      }
      submitLabel={t('endKeptMembership.submit')}
      danger
      defaultReason={t('endKeptMembership.defaultReason')}
      acknowledge={member.balance > 0 ? t('endKeptMembership.told', { points }) : t('endKeptMembership.toldNoPoints')}
      onClose={onClose}
      onSubmit={async ({ channel, reason }) => {
        const { deleted } = await call('members.endKeptMembership', { memberId: member.id, channel, reason, memberInformed: true });
        onDone(t('endKeptMembership.done', { name: fullName(member), points: formatPoints(deleted) }));
      }}
    />
  );
}

/** B10: rejoining after an opt-out starts from zero. */
export function RejoinDialog({ member, onClose, onDone }: Props) {
  const { t } = useTranslation();
  return (
    <MemberActionDialog
      id="rejoin"
      title={t('rejoin.title', { name: fullName(member) })}
      intro={<Alert severity="info">{t('rejoin.intro')}</Alert>}
      submitLabel={t('rejoin.submit')}
      defaultReason={t('rejoin.defaultReason')}
      onClose={onClose}
      onSubmit={async ({ channel, reason }) => {
        await call('members.rejoin', { memberId: member.id, channel, reason });
        onDone(t('rejoin.done', { name: fullName(member) }));
      }}
    />
  );
}
