import { useTranslation } from 'react-i18next';
import Chip from '@mui/material/Chip';
import type { Redemption } from '../../shared/channels/redemptions';

const look = {
  registered: { color: 'primary', variant: 'outlined' },
  shipped: { color: 'success', variant: 'filled' },
  cancelled: { color: 'default', variant: 'outlined' },
} as const satisfies Record<Redemption['status'], { color: 'primary' | 'success' | 'default'; variant: 'outlined' | 'filled' }>;

/** B7a: registered → shipped, or registered → cancelled. */
export function RedemptionStatusChip({ status }: { status: Redemption['status'] }) {
  const { t } = useTranslation();
  return <Chip label={t(`redemptions.status.${status}`)} color={look[status].color} variant={look[status].variant} sx={{ fontWeight: 600 }} />;
}
