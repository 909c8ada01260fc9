import { useCallback, useEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import type { UserSummary } from '../../shared/channels/auth';
import type { MemberHit } from '../../shared/channels/members';
import { canUse } from '../ui/access';
import { call } from '../desk';
import { useGlobalShortcuts } from './useGlobalShortcuts';
import { useMemberSearch } from '../members/useMemberSearch';
import { MemberPage } from '../members/MemberPage';
import { RedemptionsPage } from '../redemptions/RedemptionsPage';
import { SearchPage } from '../members/SearchPage';
import { UsersPage } from '../users/UsersPage';
import { SecurityPage } from '../users/SecurityPage';
import { BackupsPage } from '../backups/BackupsPage';
import { LaunchBanner } from '../launches/LaunchBanner';
import { NavMenu, type Section } from './NavMenu';
import { useNotifier } from '../ui/Notifier';
import { optionId } from '../members/search-ids';
import { SkipLink } from './SkipLink';
import { TopBar } from './TopBar';
import { isSupervisorSection, type SupervisorSection } from './sections';
import { SupervisorPage } from './SupervisorPage';
import { ConnectionBanner } from './ConnectionBanner';
import { useSessionEnd } from './useSessionEnd';

/** Which screen the main area shows. New screens (redemptions, monthly run, launches) add a case. */
export type View = { page: 'members' } | { page: 'member'; memberId: number } | { page: 'redemptions' } | { page: 'users' } | { page: 'security' } | { page: 'backups' } | { page: SupervisorSection };

const MAIN_ID = 'main';

/** The signed-in desk: top bar with the member search, the menu, and the current screen. */
export function AppShell({ user, onSignedOut }: { user: UserSummary; onSignedOut(): void }) {
  const notifier = useNotifier();
  const canSearch = canUse(user.role, 'members.search');
  const [view, setView] = useState<View>(canSearch ? { page: 'members' } : { page: 'users' });
  const [query, setQuery] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  // Issue 12: the top bar's slot where the launch banner puts its status chip after 10:00.
  const [statusSlot, setStatusSlot] = useState<HTMLElement | null>(null);
  const search = useMemberSearch(query, notifier.error);
  // Issue 11: an admin ends this user's session on another desk → signed out here at once.
  const session = useSessionEnd(onSignedOut);

  // The selection follows the member, not the row number, so a refreshed list keeps it.
  const found = search.items.findIndex((m) => m.id === selectedId);
  const selectedIndex = search.items.length === 0 ? -1 : Math.max(found, 0);

  // Issue 12: after sign-in (or a reload into the session) the caller's name can be typed at once.
  // The skip link stays the first Tab stop before the field: Shift+Tab reaches it.
  useEffect(() => {
    searchInput.current?.focus();
  }, []);

  const focusSearch = useCallback(() => {
    searchInput.current?.focus();
    searchInput.current?.select();
  }, []);

  const openMember = useCallback((hit: MemberHit) => {
    setSelectedId(hit.id);
    setView({ page: 'member', memberId: hit.id });
  }, []);

  const backToSearch = useCallback(() => {
    setView({ page: 'members' });
    window.setTimeout(() => searchInput.current?.focus(), 0);
  }, []);

  useGlobalShortcuts({
    focusSearch: () => {
      if (!canSearch) return;
      if (view.page !== 'members' && view.page !== 'member') setView({ page: 'members' });
      focusSearch();
    },
    escape: () => {
      if (view.page === 'member') backToSearch();
    },
  });

  const moveSelection = (step: number): void => {
    if (search.items.length === 0) return;
    const next = Math.min(Math.max(selectedIndex + step, 0), search.items.length - 1);
    const hit = search.items[next];
    if (hit !== undefined) setSelectedId(hit.id);
  };

  const signOut = async (): Promise<void> => {
    // The server tells this desk's own event stream that it signed out; that is not news here.
    session.leaving();
    try {
      await call('auth.logout', {});
    } catch (error) {
      notifier.error(error);
    }
    onSignedOut();
  };

  const section: Section = view.page === 'users' || view.page === 'security' || view.page === 'backups' || view.page === 'redemptions' || isSupervisorSection(view.page) ? view.page : 'members';
  const listShown = view.page === 'members' && search.items.length > 0;

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <SkipLink target={MAIN_ID} />
      <TopBar
        user={user}
        onSignOut={() => void signOut()}
        statusRef={setStatusSlot}
        search={
          canSearch
            ? {
                inputRef: searchInput,
                query,
                listShown,
                activeId: listShown && selectedIndex >= 0 ? optionId(search.items[selectedIndex]) : undefined,
                onChange: (next) => {
                  setQuery(next);
                  // A new query selects its best match again; the kept selection is for coming back.
                  setSelectedId(null);
                  if (view.page !== 'members') setView({ page: 'members' });
                },
                onMove: (step) => {
                  if (view.page !== 'members') setView({ page: 'members' });
                  else moveSelection(step);
                },
                onEscape: () => {
                  if (view.page === 'member') backToSearch();
                  else if (query !== '') setQuery('');
                  else return false;
                  return true;
                },
                onEnter: () => {
                  const hit = search.items[selectedIndex];
                  if (view.page === 'members' && hit !== undefined) openMember(hit);
                },
              }
            : null
        }
      />
      <ConnectionBanner mainId={MAIN_ID} onSessionGone={session.ended} />
      <LaunchBanner role={user.role} chipSlot={statusSlot} />
      <Box sx={{ display: 'flex', flexGrow: 1, minHeight: 0 }}>
        <NavMenu
          role={user.role}
          current={section}
          onSelect={(next) => {
            if (next === 'members') backToSearch();
            else setView({ page: next });
          }}
        />
        <Box component="main" id={MAIN_ID} tabIndex={-1} sx={{ flexGrow: 1, minWidth: 0, px: 3, py: 2.5, outline: 'none' }}>
          {view.page === 'members' ? (
            <SearchPage search={search} query={query} selectedIndex={selectedIndex} onSelect={(hit) => setSelectedId(hit.id)} onOpen={openMember} />
          ) : null}
          {view.page === 'member' ? <MemberPage key={view.memberId} memberId={view.memberId} user={user} onBack={backToSearch} /> : null}
          {view.page === 'redemptions' ? <RedemptionsPage user={user} onOpenMember={(memberId) => setView({ page: 'member', memberId })} /> : null}
          {view.page === 'users' ? <UsersPage me={user} /> : null}
          {view.page === 'security' ? <SecurityPage /> : null}
          {view.page === 'backups' ? <BackupsPage /> : null}
          {isSupervisorSection(view.page) ? <SupervisorPage section={view.page} user={user} /> : null}
        </Box>
      </Box>
    </Box>
  );
}
