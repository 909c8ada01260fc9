import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import type { UserSummary } from '../../shared/channels/auth';
import { canUse } from '../ui/access';
import { BalanceCard } from './BalanceCard';
import { ExplanationCard } from './ExplanationCard';
import { LedgerDialog } from './LedgerDialog';
import { MemberActions, type MemberAction } from './MemberActions';
import { ProfileCard } from './ProfileCard';
import { SubscriptionsTable } from './SubscriptionsTable';
import { TimelineSection } from './TimelineSection';
import { call } from '../desk';
import { useNotifier } from '../ui/Notifier';
import { RedemptionDialog } from '../redemptions/RedemptionDialog';
import { StateChip } from './StateChip';
import { EndKeptMembershipDialog, KeepMembershipDialog, OptOutDialog, RejoinDialog } from './MembershipDialogs';
import { ContactDialog } from './ContactDialog';
import { useMemberPage } from './useMemberPage';
import { useDeskEvents } from '../events';
import { useMemberShortcuts } from './useMemberShortcuts';
import { useRedemptionActions } from '../redemptions/useRedemptionActions';
import { describeError } from '../i18n/errors';
import { useDeskQuery } from '../ui/useDeskQuery';
import { CorrectionDialog, type CorrectionStart } from '../corrections/CorrectionDialog';
import { MemberCorrectionsCard } from '../corrections/MemberCorrectionsCard';
import { EraseDialog } from './EraseDialog';

type OpenDialog = 'redeem' | 'optOut' | 'keepMembership' | 'endKeptMembership' | 'rejoin' | 'contact' | 'ledger' | 'correct' | 'erase' | null;

/**
 * One member: who they are, the balance and how it came about (B12b), what the agent can do
 * for the caller (redeem B7, opt out B10, keep membership B9, notes), subscriptions, and one
 * timeline of everything that happened — each redemption once, with its life (issue 12). The
 * ledger entry by entry is one click away (supervisors, managers).
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

  // Issue 12: the page's reads go out together and land in one render.
  const { page, explanation, timeline, loadingMore, canLoadMore, loadMore } = useMemberPage(memberId, version);
  const actions = useRedemptionActions(refresh);
  // B11 (issue 13): supervisors (and managers, reading) see the member's invoices, withholdings and pending corrections.
  const corrections = useDeskQuery('corrections.member', canUse(user.role, 'corrections.member') ? { memberId } : null, version);
  const [correctionStart, setCorrectionStart] = useState<CorrectionStart | undefined>(undefined);

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
    // D3: Alt+K corrects the caller's contact details (agents and supervisors; not an erased member).
    editContact: () => {
      if (ready !== null && canUse(user.role, 'members.updateContact') && !ready.member.anonymised && open === null) setOpen('contact');
    },
    // B11: Alt+P opens "Correct points" (supervisors).
    correctPoints: () => {
      if (ready !== null && canUse(user.role, 'corrections.create') && corrections.data !== null && !ready.member.anonymised && open === null) {
        setCorrectionStart(undefined);
        setOpen('correct');
      }
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

  const { member, subscriptions, withheld, unpaidInvoices, nextExpiries, expiringSoon } = ready;
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
      // B14: a copy of everything held about the member (JSON and a readable HTML document), written by main into the export folder; the toast names the files, not the folder.
      call('members.accessExport', { memberId }).then(
        (copy) => notifier.success(t('gdpr.accessExported', { file: copy.htmlFile, json: copy.file })),
        (error: unknown) => notifier.error(error),
      );
      return;
    }
    if (action === 'correct') setCorrectionStart(undefined);
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
        Issue 12: two columns from `md` (the 1024 px window too): the balance and how it came about
        on the right, beside the profile at the top, so the balance is above the fold even on a
        launch day; the timeline (the one list) under the profile. Narrower, one column with the
        balance first.
      */}
      <Box sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, gap: 2, alignItems: 'flex-start' }}>
        <Column sx={{ flex: { md: '1 1 0' } }}>
          <Slot order={2}>
            <ProfileCard member={member} />
          </Slot>
          <Slot order={4}>
            <SubscriptionsTable subscriptions={subscriptions} />
          </Slot>
          {canUse(user.role, 'corrections.member') ? (
            <Slot order={4}>
              <MemberCorrectionsCard
                data={corrections.data}
                canCorrect={canUse(user.role, 'corrections.create') && !member.anonymised}
                onCorrect={(start) => {
                  setCorrectionStart(start);
                  setOpen('correct');
                }}
                onChanged={(message) => {
                  if (message !== undefined) notifier.success(message);
                  refresh();
                }}
              />
            </Slot>
          ) : null}
          <Slot order={5}>
            <TimelineSection
              items={timeline.data?.items ?? null}
              more={canLoadMore}
              loadingMore={loadingMore}
              onLoadMore={loadMore}
              error={timeline.error}
              memberId={member.id}
              memberName={`${member.firstName} ${member.lastName}`}
              canNote={canUse(user.role, 'members.addNote')}
              noteInput={noteInput}
              onNoteSaved={refresh}
              canWriteRedemptions={canUse(user.role, 'redemptions.cancel')}
              onShip={actions.ship}
              onCancel={actions.cancel}
              onOpenLedger={user.role === 'supervisor' || user.role === 'manager' ? () => setOpen('ledger') : null}
            />
          </Slot>
        </Column>
        <Column sx={{ width: { md: 300, lg: 380 }, flexShrink: 0 }}>
          <Slot order={1}>
            <BalanceCard balance={member.balance} withheld={withheld} unpaidInvoices={unpaidInvoices} nextExpiries={nextExpiries} expiringSoon={expiringSoon} />
          </Slot>
          <Slot order={3}>
            <ExplanationCard explanation={explanation.data} error={explanation.error} />
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
      {open === 'contact' ? <ContactDialog member={member} onClose={closeDialog} onDone={done} /> : null}
      {open === 'correct' && corrections.data !== null ? (
        <CorrectionDialog member={member} data={corrections.data} start={correctionStart} onClose={closeDialog} onDone={done} />
      ) : null}
      {open === 'erase' ? <EraseDialog member={member} onClose={closeDialog} onDone={done} /> : null}
      {open === 'ledger' ? <LedgerDialog memberId={member.id} memberName={`${member.firstName} ${member.lastName}`} onClose={closeDialog} /> : null}
      {actions.dialogs}
    </Box>
  );
}

/** A column from `md`; below it its sections join the page's single column, in `order`. */
function Column({ children, sx }: { children: ReactNode; sx: object }) {
  return <Box sx={{ display: { xs: 'contents', md: 'flex' }, flexDirection: 'column', gap: 2, minWidth: 0, width: { xs: '100%' }, ...sx }}>{children}</Box>;
}

function Slot({ order, children }: { order: number; children: ReactNode }) {
  return <Box sx={{ order: { xs: order, md: 0 }, width: '100%', minWidth: 0 }}>{children}</Box>;
}
