import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { IdentityChecks } from '../../shared/channels/redemptions';
import { formatDay, formatInstantDay, formatInstantTime, formatPoints } from '../i18n/format';
import type { Quote } from './useRedemptionQuote';
import type { EmailFields, OrderChannel } from './ChannelStep';
import { normaliseEmail } from './ChannelStep';
import type { Delivery } from './DeliveryStep';
import { formatNok } from './format';
import { receivedInstant } from '../ui/ReceivedAtField';
import { identityKeys } from './IdentityStep';

interface Props {
  quote: Quote | null;
  identity: IdentityChecks;
  channel: OrderChannel;
  email: EmailFields;
  delivery: Delivery;
}

/** "A, B og C" / "A, B and C": a list read out the way the UI language says it. */
export function spokenList(items: readonly string[], language: string): string {
  return new Intl.ListFormat(language === 'en' ? 'en-GB' : 'nb', { type: 'conjunction', style: 'long' }).format(items);
}

/** B7, step 5: what the agent reads back to the caller before confirming, and what was recorded. */
export function SummaryStep({ quote, identity, channel, email, delivery }: Props) {
  const { t, i18n } = useTranslation();
  if (quote === null) return <Typography role="status">{t('redemption.panel.checking')}</Typography>;
  const items = quote.lines.map((l) => t('redemption.summary.item', { quantity: l.quantity, name: l.name }));
  const after = quote.balance - quote.total;
  const confirmed = identityKeys.filter((k) => identity[k]).map((k) => t(`redemption.identity.${k}`).toLowerCase());
  const receivedAt = receivedInstant(email.received);
  return (
    <Box>
      {/* The warning first: the agent sees it before reading anything back. */}
      {quote.senderMismatch ? (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="summary-sender-mismatch">
          <AlertTitle>{t('redemption.channel.mismatchTitle')}</AlertTitle>
          {t('redemption.channel.mismatch', { from: normaliseEmail(email.from), registered: quote.registeredEmail ?? '' })}
        </Alert>
      ) : null}
      <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
        {t('redemption.summary.readBack')}
      </Typography>
      <Paper data-testid="read-back" sx={{ p: 2, mb: 2, borderLeft: 4, borderLeftColor: 'primary.main', fontSize: '1.0625rem', lineHeight: 1.6 }}>
        <p style={{ margin: 0 }}>{t('redemption.summary.order', { items: spokenList(items, i18n.language), total: formatPoints(quote.total) })}</p>
        <p style={{ margin: '0.5em 0 0' }}>
          {after >= 0
            ? t('redemption.summary.balance', { balance: formatPoints(quote.balance), after: formatPoints(after) })
            : t('redemption.summary.short', { balance: formatPoints(quote.balance), shortfall: formatPoints(-after) })}
        </p>
        <p style={{ margin: '0.5em 0 0' }}>
          {delivery === 'separate'
            ? t('redemption.summary.separate', { amount: formatNok(quote.postageOre) })
            : quote.deliveryOn === null
              ? t('redemption.summary.nextUnknown')
              : t('redemption.summary.next', { date: formatDay(quote.deliveryOn) })}
        </p>
      </Paper>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: 2, rowGap: 0.5, m: 0 }}>
        <Box component="dt" sx={{ color: 'text.secondary' }}>
          {t('redemption.summary.identity')}
        </Box>
        <Box component="dd" sx={{ m: 0 }}>
          {spokenList(confirmed, i18n.language)}
        </Box>
        <Box component="dt" sx={{ color: 'text.secondary' }}>
          {t('redemption.summary.channel')}
        </Box>
        <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
          {channel === 'phone'
            ? t('redemption.channel.phone')
            : t('redemption.summary.email', {
                from: normaliseEmail(email.from),
                date: receivedAt === null ? '' : formatInstantDay(receivedAt),
                time: receivedAt === null ? '' : formatInstantTime(receivedAt),
              })}
          {channel === 'email' && email.subject.trim() !== '' ? (
            <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>
              {t('redemption.summary.subject', { subject: email.subject.trim() })}
            </Box>
          ) : null}
        </Box>
        <Box component="dt" sx={{ color: 'text.secondary' }}>
          {t('redemption.summary.delivery')}
        </Box>
        <Box component="dd" sx={{ m: 0 }}>
          {delivery === 'separate'
            ? t('redemption.summary.deliverySeparate', { amount: formatNok(quote.postageOre) })
            : t('redemption.summary.deliveryNext', { date: formatDay(quote.deliveryOn) ?? t('common.none') })}
        </Box>
      </Box>
    </Box>
  );
}
