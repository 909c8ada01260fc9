import type { ReactElement } from 'react';
import AssessmentIcon from '@mui/icons-material/Assessment';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnread';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { overseers } from '../../shared/roles';
import type { ScreenAccess } from '../ui/access';

/** The launch-day and supervisor screens: launch calendar, held orders, monthly run, earnings files, approvals. */
export const supervisorSections = ['launches', 'heldOrders', 'monthlyRun', 'earningsFiles', 'corrections', 'reports'] as const;
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
  { id: 'monthlyRun', channel: 'runs.list', roles: overseers, icon: <EventRepeatIcon fontSize="small" /> },
  { id: 'earningsFiles', channel: 'earnings.files', icon: <UploadFileIcon fontSize="small" /> },
  { id: 'corrections', channel: 'corrections.decide', icon: <AssignmentTurnedInIcon fontSize="small" /> },
  { id: 'reports', channel: 'reports.liability', icon: <AssessmentIcon fontSize="small" /> },
];
