import type { UserSummary } from '../../shared/channels/auth';
import { AuditPage } from '../audit/AuditPage';
import { BillingImportPage } from '../billing/BillingImportPage';
import { CatalogPage } from '../catalog/CatalogPage';
import { CorrectionsPage } from '../corrections/CorrectionsPage';
import { EarningsImportPage } from '../earnings/EarningsImportPage';
import { EarningTablePage } from '../earnings/EarningTablePage';
import { HeldOrdersPage } from '../held-orders/HeldOrdersPage';
import { LaunchesPage } from '../launches/LaunchesPage';
import { MonthlyRunPage } from '../monthly-run/MonthlyRunPage';
import { ReportsPage } from '../reports/ReportsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { TermsPage } from '../terms/TermsPage';
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
    case 'billingFiles':
      return <BillingImportPage user={user} />;
    case 'earningTable':
      return <EarningTablePage user={user} />;
    case 'catalog':
      return <CatalogPage user={user} />;
    case 'corrections':
      return <CorrectionsPage user={user} />;
    case 'reports':
      return <ReportsPage user={user} />;
    case 'settings':
      return <SettingsPage user={user} />;
    case 'terms':
      return <TermsPage user={user} />;
    case 'audit':
      return <AuditPage />;
  }
}
