import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { formatDay } from '../i18n/format';
import { formatNok } from './format';

export type Delivery = 'next_delivery' | 'separate';

interface Props {
  delivery: Delivery;
  onDelivery(delivery: Delivery): void;
  /** The member's next ordinary delivery (from the quote when it has answered). */
  nextDeliveryOn: string | null;
  /** The postage for separate shipping, in øre (the quote's when separate is chosen, else the setting). */
  postageOre: number | null;
}

/** B8, step 4: with the next ordinary delivery, or separately for postage shown before confirming. */
export function DeliveryStep({ delivery, onDelivery, nextDeliveryOn, postageOre }: Props) {
  const { t } = useTranslation();
  const focus = (value: Delivery): object => (delivery === value ? { 'data-step-focus': true } : {});
  return (
    <Box>
      <FormControl>
        <FormLabel id="delivery-label" sx={{ fontWeight: 600, color: 'text.primary', mb: 1 }}>
          {t('redemption.delivery.question')}
        </FormLabel>
        <RadioGroup aria-labelledby="delivery-label" value={delivery} onChange={(event) => onDelivery(event.target.value === 'separate' ? 'separate' : 'next_delivery')}>
          <FormControlLabel
            value="next_delivery"
            control={<Radio slotProps={{ input: focus('next_delivery') }} />}
            sx={{ alignItems: 'flex-start', mb: 1.5 }}
            label={
              <Box sx={{ pt: 1 }}>
                <Box sx={{ fontWeight: 600 }}>{t('redemption.delivery.next')}</Box>
                <Typography variant="body2" color="text.secondary" data-testid="delivery-next-date">
                  {nextDeliveryOn === null ? t('redemption.delivery.noNextDate') : t('redemption.delivery.nextOn', { date: formatDay(nextDeliveryOn) })}
                </Typography>
              </Box>
            }
          />
          <FormControlLabel
            value="separate"
            control={<Radio slotProps={{ input: focus('separate') }} />}
            sx={{ alignItems: 'flex-start' }}
            label={
              <Box sx={{ pt: 1 }}>
                <Box sx={{ fontWeight: 600 }}>{t('redemption.delivery.separate')}</Box>
                <Typography variant="body2" color="text.secondary">
                  {postageOre === null ? t('common.loading') : t('redemption.delivery.postage', { amount: formatNok(postageOre) })}
                </Typography>
              </Box>
            }
          />
        </RadioGroup>
      </FormControl>
      {delivery === 'separate' && postageOre !== null ? (
        <Alert severity="info" sx={{ mt: 2 }} data-testid="postage-notice">
          {t('redemption.delivery.postageNotice', { amount: formatNok(postageOre) })}
        </Alert>
      ) : null}
      {delivery === 'next_delivery' && nextDeliveryOn === null ? (
        <Alert severity="warning" sx={{ mt: 2 }}>
          {t('redemption.delivery.noNextDateWarning')}
        </Alert>
      ) : null}
    </Box>
  );
}
