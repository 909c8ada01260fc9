import type { ReactElement } from 'react';
import AssessmentIcon from '@mui/icons-material/Assessment';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import ContactMailIcon from '@mui/icons-material/ContactMail';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import GavelIcon from '@mui/icons-material/Gavel';
import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import Inventory2Icon from '@mui/icons-material/Inventory2';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnread';
import SettingsIcon from '@mui/icons-material/Settings';
import TableChartIcon from '@mui/icons-material/TableChart';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { overseers } from '../../shared/roles';
import type { ScreenAccess } from '../ui/access';

/** The launch-day and supervisor screens: launch calendar, held orders, catalog, monthly run, earnings files, earning table, approvals. */
export const supervisorSections = ['launches', 'heldOrders', 'catalog', 'monthlyRun', 'earningsFiles', 'billingFiles', 'earningTable', 'corrections', 'reports', 'settings', 'terms', 'audit'] as const;
export type SupervisorSection = (typeof supervisorSections)[number];

export function isSupervisorSection(page: string): page is SupervisorSection {
  return (supervisorSections as readonly string[]).includes(page);
}

/** Menu rows, each with the channel (and where needed the roles) that decide who sees it (NavMenu filters on them). */
export const supervisorNavRows: readonly (ScreenAccess & { id: SupervisorSection; icon: ReactElement })[] = [
  { id: 'launches', channel: 'launches.list', icon: <CalendarMonthIcon fontSize="small" /> },
  // Agents and supervisors register and book held orders; a manager, who reads everything, sees
  // the list read-only (HeldOrdersPage says so), as heldOrders.list allows.
  { id: 'heldOrders', channel: 'heldOrders.list', icon: <MarkEmailUnreadIcon fontSize="small" /> },
  // runs.list is readable by agents too, because a balance's history names the run that booked
  // it ("read balances and history"). The screen is the run itself — preview, run, service emails:
  // the supervisor's work that the manager reads — so an agent has no use for it.
  // B4 (issue 13): supervisors keep the catalog; managers read it and its stock history (catalog.stockHistory).
  { id: 'catalog', channel: 'catalog.stockHistory', icon: <Inventory2Icon fontSize="small" /> },
  { id: 'monthlyRun', channel: 'runs.list', roles: overseers, icon: <EventRepeatIcon fontSize="small" /> },
  { id: 'earningsFiles', channel: 'earnings.files', icon: <UploadFileIcon fontSize="small" /> },
  // D1–D3 (issue 14): supervisors check and take billing's customers, subscriptions and invoices; managers read the files taken.
  { id: 'billingFiles', channel: 'billing.files', icon: <ContactMailIcon fontSize="small" /> },
  // B2 (issue 13): supervisors keep the earning table; managers read it.
  { id: 'earningTable', channel: 'earningTable.list', icon: <TableChartIcon fontSize="small" /> },
  { id: 'corrections', channel: 'corrections.decide', icon: <AssignmentTurnedInIcon fontSize="small" /> },
  { id: 'reports', channel: 'reports.liability', icon: <AssessmentIcon fontSize="small" /> },
  // Issue 13: admins keep the settings; supervisors and managers read them (settings.list).
  { id: 'settings', channel: 'settings.list', icon: <SettingsIcon fontSize="small" /> },
  // B13 (issue 13): admins add terms versions; everyone who reads terms.list reads them (an agent reads them to a caller).
  { id: 'terms', channel: 'terms.list', icon: <GavelIcon fontSize="small" /> },
  // Issue 13: the audit screen, supervisors' and admins' (audit.list).
  { id: 'audit', channel: 'audit.list', icon: <HistoryEduIcon fontSize="small" /> },
];
