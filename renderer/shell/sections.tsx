import type { ReactElement } from 'react';
import AssessmentIcon from '@mui/icons-material/Assessment';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnread';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { ChannelName } from '../../shared/contract';

/** The launch-day and supervisor screens: launch calendar, held orders, monthly run, earnings files, approvals. */
export const supervisorSections = ['launches', 'heldOrders', 'monthlyRun', 'earningsFiles', 'corrections', 'reports'] as const;
export type SupervisorSection = (typeof supervisorSections)[number];

export function isSupervisorSection(page: string): page is SupervisorSection {
  return (supervisorSections as readonly string[]).includes(page);
}

/** Menu rows, each with the channel that decides who sees it (NavMenu filters on it). */
export const supervisorNavRows: readonly { id: SupervisorSection; channel: ChannelName; icon: ReactElement }[] = [
  { id: 'launches', channel: 'launches.list', icon: <CalendarMonthIcon fontSize="small" /> },
  { id: 'heldOrders', channel: 'heldOrders.list', icon: <MarkEmailUnreadIcon fontSize="small" /> },
  { id: 'monthlyRun', channel: 'runs.list', icon: <EventRepeatIcon fontSize="small" /> },
  { id: 'earningsFiles', channel: 'earnings.files', icon: <UploadFileIcon fontSize="small" /> },
  { id: 'corrections', channel: 'corrections.decide', icon: <AssignmentTurnedInIcon fontSize="small" /> },
  { id: 'reports', channel: 'reports.liability', icon: <AssessmentIcon fontSize="small" /> },
];
