import type { UserSummary } from '../../../shared/channels/auth';
import { CorrectionsPage } from '../../pages/CorrectionsPage';
import { EarningsImportPage } from '../../pages/EarningsImportPage';
import { HeldOrdersPage } from '../../pages/HeldOrdersPage';
import { LaunchesPage } from '../../pages/LaunchesPage';
import { MonthlyRunPage } from '../../pages/MonthlyRunPage';
import { ReportsPage } from '../../pages/ReportsPage';
import type { SupervisorSection } from './sections';

/** The screen for one of these sections. */
export function SupervisorPage({ section, user }: { section: SupervisorSection; user: UserSummary }) {
  switch (section) {
    case 'launches':
      return <LaunchesPage user={user} />;
    case 'heldOrders':
      return <HeldOrdersPage user={user} />;
    case 'monthlyRun':
      return <MonthlyRunPage user={user} />;
    case 'earningsFiles':
      return <EarningsImportPage user={user} />;
    case 'corrections':
      return <CorrectionsPage user={user} />;
    case 'reports':
      return <ReportsPage user={user} />;
  }
}
