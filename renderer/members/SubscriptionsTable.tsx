import { useTranslation } from 'react-i18next';
import Chip from '@mui/material/Chip';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Subscription } from '../../shared/channels/members';
import { formatDay } from '../i18n/format';
import { SectionTable } from './SectionTable';

export function SubscriptionsTable({ subscriptions }: { subscriptions: readonly Subscription[] }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <SectionTable id="subscriptions-title" title={t('member.subscriptions')} empty={subscriptions.length === 0 ? t('member.noSubscriptions') : null} dense>
      <TableHead>
        <TableRow>
          <TableCell>{t('member.plan')}</TableCell>
          <TableCell>{t('member.status')}</TableCell>
          <TableCell>{t('member.startedOn')}</TableCell>
          <TableCell>{t('member.cancelledOn')}</TableCell>
          <TableCell>{t('member.nextDelivery')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {subscriptions.map((s) => (
          <TableRow key={s.id}>
            <TableCell sx={{ fontWeight: 600 }}>{s.plan}</TableCell>
            <TableCell>
              <Chip label={t(`subscriptionStatus.${s.status}`)} color={s.status === 'active' ? 'success' : 'default'} variant="outlined" />
            </TableCell>
            <TableCell>{formatDay(s.startedOn) ?? none}</TableCell>
            <TableCell>{formatDay(s.cancelledOn) ?? none}</TableCell>
            <TableCell>{formatDay(s.nextDeliveryOn) ?? none}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </SectionTable>
  );
}
