import { useTranslation } from 'react-i18next';
import Chip from '@mui/material/Chip';
import type { MembershipState } from '../../shared/channels/members';

const colour = {
  active: 'success',
  cancelled: 'warning',
  opted_out: 'default',
  ended: 'default',
} as const satisfies Record<MembershipState, 'success' | 'warning' | 'default'>;

/** The membership state as a small coloured label. */
export function StateChip({ state }: { state: MembershipState }) {
  const { t } = useTranslation();
  return <Chip label={t(`state.${state}`)} color={colour[state]} variant={state === 'ended' ? 'outlined' : 'filled'} sx={{ fontWeight: 600 }} />;
}
