import type { UserSummary } from '../../shared/channels/auth';
import { CorrectionsPage } from '../corrections/CorrectionsPage';
import { EarningsImportPage } from '../earnings/EarningsImportPage';
import { HeldOrdersPage } from '../held-orders/HeldOrdersPage';
import { LaunchesPage } from '../launches/LaunchesPage';
import { MonthlyRunPage } from '../monthly-run/MonthlyRunPage';
import { ReportsPage } from '../reports/ReportsPage';
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
