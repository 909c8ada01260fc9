import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import type { UserSummary } from '../../shared/channels/auth';
import { canUse } from '../ui/access';
import { BalanceCard } from './BalanceCard';
import { ExplanationCard } from './ExplanationCard';
import { LedgerTable } from './LedgerTable';
import { MemberActions, type MemberAction } from './MemberActions';
import { ProfileCard } from './ProfileCard';
import { SubscriptionsTable } from './SubscriptionsTable';
import { TimelineSection } from './TimelineSection';
import { call } from '../desk';
import { useNotifier } from '../ui/Notifier';
import { RedemptionDialog } from '../redemptions/RedemptionDialog';
import { RedemptionsTable } from '../redemptions/RedemptionsTable';
import { StateChip } from './StateChip';
import { EndKeptMembershipDialog, KeepMembershipDialog, OptOutDialog, RejoinDialog } from './MembershipDialogs';
import { useDeskQuery } from '../ui/useDeskQuery';
import { useDeskEvents } from '../events';
import { useMemberShortcuts } from './useMemberShortcuts';
import { useRedemptionActions } from '../redemptions/useRedemptionActions';
import { describeError } from '../i18n/errors';

type OpenDialog = 'redeem' | 'optOut' | 'keepMembership' | 'endKeptMembership' | 'rejoin' | null;

/** How many of the member's redemptions the page shows (newest first). */
const REDEMPTIONS_SHOWN = 20;
const TIMELINE_SHOWN = 100;

/**
 * One member: who they are, the balance and how it came about (B12b), what the agent can do
 * for the caller (redeem B7, opt out B10, keep membership B9, notes), the member's redemptions,
 * one timeline of everything, subscriptions and the latest ledger entries.
 */
export function MemberPage({ memberId, user, onBack }: { memberId: number; user: UserSummary; onBack(): void }) {
  const { t } = useTranslation();
  const notifier = useNotifier();
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<OpenDialog>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);
  const refresh = (): void => setVersion((v) => v + 1);
  // Issue 11: this member's points, state or notes changed on another desk: the page reads again.
  useDeskEvents(['members'], refresh, memberId);

  const page = useDeskQuery('members.get', { memberId }, version);
  const explanation = useDeskQuery('points.explain', { memberId }, version);
  const redemptions = useDeskQuery('redemptions.list', { memberId, limit: REDEMPTIONS_SHOWN }, version);
  const timeline = useDeskQuery('members.timeline', { memberId, limit: TIMELINE_SHOWN }, version);
  const actions = useRedemptionActions(refresh);

  // A refresh that fails keeps the page as it was and says so.
  const refreshError = page.data !== null ? page.error : null;
  useEffect(() => {
    if (refreshError !== null) notifier.error(refreshError);
  }, [refreshError, notifier]);

  const ready = page.data;
  // B3: members.get says whether the member may redeem (the booking's own rule); the page does not re-decide it.
  const canRedeem = ready !== null && canUse(user.role, 'redemptions.create') && ready.redeem.allowed;
  useMemberShortcuts({
    newRedemption: () => {
      if (canRedeem && open === null) setOpen('redeem');
    },
  });

  const back = (
    <Button startIcon={<ArrowBackIcon />} onClick={onBack} aria-keyshortcuts="Escape" sx={{ ml: -1 }}>
      {t('member.back')}
      <Box component="kbd" aria-hidden sx={{ ml: 1, fontFamily: 'inherit', fontSize: '0.75rem', color: 'text.secondary', border: 1, borderColor: 'divider', borderRadius: 0.75, px: 0.5 }}>
        {t('member.backHint')}
      </Box>
    </Button>
  );

  if (ready === null) {
    return (
      <Box>
        {back}
        {page.error === null ? (
          <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 6, justifyContent: 'center' }}>
            <CircularProgress size={24} aria-hidden />
            {t('member.loading')}
          </Box>
        ) : (
          <Alert
            severity="error"
            sx={{ mt: 2 }}
            action={
              <Button color="inherit" size="small" onClick={refresh}>
                {t('startup.retry')}
              </Button>
            }
          >
            {describeError(t, page.error)}
          </Alert>
        )}
      </Box>
    );
  }

  const { member, subscriptions, ledger, withheld, unpaidInvoices, nextExpiries } = ready;
  const nextDeliveryOn =
    subscriptions
      .filter((s) => s.status === 'active' && s.nextDeliveryOn !== null)
      .map((s) => s.nextDeliveryOn ?? '')
      .sort()[0] ?? null;

  const onAction = (action: MemberAction): void => {
    if (action === 'note') {
      noteInput.current?.scrollIntoView({ block: 'center' });
      noteInput.current?.focus();
      return;
    }
    if (action === 'accessExport') {
      // B14: a copy of everything held about the member, written by main into the export folder.
      call('members.accessExport', { memberId }).then(
        (copy) => notifier.success(t('memberActions.accessExported', { path: copy.path })),
        (error: unknown) => notifier.error(error),
      );
      return;
    }
    setOpen(action);
  };
  const closeDialog = (): void => setOpen(null);
  const done = (message: string): void => {
    setOpen(null);
    notifier.success(message);
    refresh();
  };

  return (
    <Box component="article" aria-labelledby="member-name">
      {back}
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mt: 0.5, mb: 1.5, flexWrap: 'wrap' }}>
        <Typography id="member-name" variant="h1">
          {member.firstName} {member.lastName}
        </Typography>
        <StateChip state={member.state} />
        <Typography color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {t('member.memberNo')} {member.memberNo}
        </Typography>
      </Stack>
      <MemberActions role={user.role} member={member} redeem={ready.redeem} onAction={onAction} />
      {/*
        Two columns on wide screens: the record on the left, what the agent reads out (balance,
        explanation, timeline) on the right. Narrower, one column in reading order.
      */}
      <Box sx={{ display: 'flex', flexDirection: { xs: 'column', lg: 'row' }, gap: 2, alignItems: 'flex-start' }}>
        <Column sx={{ flex: { lg: '1 1 0' } }}>
          <Slot order={1}>
            <ProfileCard member={member} />
          </Slot>
          <Slot order={4}>
            <SubscriptionsTable subscriptions={subscriptions} />
          </Slot>
          <Slot order={5}>
            <Paper component="section" aria-labelledby="member-redemptions-title" sx={{ overflowX: 'auto' }}>
              <Typography id="member-redemptions-title" variant="h2" sx={{ px: 2, pt: 1.5, pb: 1 }}>
                {t('redemptions.memberTitle')}
              </Typography>
              {redemptions.data === null ? (
                <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
                  {redemptions.error === null ? t('common.loading') : describeError(t, redemptions.error)}
                </Typography>
              ) : redemptions.data.redemptions.length === 0 ? (
                <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
                  {t('redemptions.noneForMember')}
                </Typography>
              ) : (
                <RedemptionsTable
                  redemptions={redemptions.data.redemptions}
                  labelledBy="member-redemptions-title"
                  showMember={false}
                  canWrite={canUse(user.role, 'redemptions.cancel')}
                  onShip={actions.ship}
                  onCancel={actions.cancel}
                />
              )}
            </Paper>
          </Slot>
          <Slot order={7}>
            <LedgerTable entries={ledger} />
          </Slot>
        </Column>
        <Column sx={{ width: { lg: 380 }, flexShrink: 0 }}>
          <Slot order={2}>
            <BalanceCard balance={member.balance} withheld={withheld} unpaidInvoices={unpaidInvoices} nextExpiries={nextExpiries} />
          </Slot>
          <Slot order={3}>
            <ExplanationCard explanation={explanation.data} error={explanation.error} />
          </Slot>
          <Slot order={6}>
            <TimelineSection
              items={timeline.data?.items ?? null}
              error={timeline.error}
              memberId={member.id}
              canNote={canUse(user.role, 'members.addNote')}
              noteInput={noteInput}
              onNoteSaved={refresh}
            />
          </Slot>
        </Column>
      </Box>
      {open === 'redeem' ? (
        <RedemptionDialog member={member} nextDeliveryOn={nextDeliveryOn} today={explanation.data?.today ?? null} onClose={closeDialog} onBooked={refresh} />
      ) : null}
      {open === 'optOut' ? <OptOutDialog member={member} onClose={closeDialog} onDone={done} /> : null}
      {open === 'keepMembership' ? <KeepMembershipDialog member={member} onClose={closeDialog} onDone={done} /> : null}
      {open === 'endKeptMembership' ? <EndKeptMembershipDialog member={member} onClose={closeDialog} onDone={done} /> : null}
      {open === 'rejoin' ? <RejoinDialog member={member} onClose={closeDialog} onDone={done} /> : null}
      {actions.dialogs}
    </Box>
  );
}

/** A column on wide screens; below `lg` its sections join the page's single column, in `order`. */
function Column({ children, sx }: { children: ReactNode; sx: object }) {
  return <Box sx={{ display: { xs: 'contents', lg: 'flex' }, flexDirection: 'column', gap: 2, minWidth: 0, width: { xs: '100%' }, ...sx }}>{children}</Box>;
}

function Slot({ order, children }: { order: number; children: ReactNode }) {
  return <Box sx={{ order: { xs: order, lg: 0 }, width: '100%', minWidth: 0 }}>{children}</Box>;
}
