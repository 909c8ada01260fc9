import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import CheckIcon from '@mui/icons-material/Check';
import type { LaunchPhase, LaunchTimeline as Timeline } from '../../shared/channels/launches';
import { formatInstantTime } from '../i18n/format';
import { visuallyHidden } from '../ui/styles';

type StepKey = 'waitingRoom' | 'webOpens' | 'customerService' | 'stores';

/** L1–L4: the day's four changes, each with the phase it starts. */
const steps: readonly { key: StepKey; at: keyof Timeline; phase: LaunchPhase }[] = [
  { key: 'waitingRoom', at: 'waitingRoomAt', phase: 'waiting_room' },
  { key: 'webOpens', at: 'webOpensAt', phase: 'web_only' },
  { key: 'customerService', at: 'customerServiceOpensAt', phase: 'stores_pending' },
  { key: 'stores', at: 'storesOrdersAt', phase: 'open' },
];

/** Which step is under way: -1 before 07:00, 4 once the day is over. */
function currentStep(phase: LaunchPhase): number {
  if (phase === 'after') return steps.length;
  return steps.findIndex((s) => s.phase === phase);
}

/**
 * The launch day as a row of steps (07:00 waiting room, 08:00 web shop with queue numbers,
 * 10:00 customer service, 12:00 stores), in Oslo time, with the current one highlighted.
 */
export function LaunchTimeline({ timeline, phase }: { timeline: Timeline; phase: LaunchPhase }) {
  const { t } = useTranslation();
  const current = currentStep(phase);
  return (
    <Box
      component="ol"
      aria-label={t('launch.timeline')}
      data-testid="launch-timeline"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75, m: 0, p: 0, listStyle: 'none' }}
    >
      {steps.map((step, index) => {
        const isCurrent = index === current;
        const done = index < current;
        return (
          <Box
            component="li"
            key={step.key}
            aria-current={isCurrent ? 'step' : undefined}
            data-current={isCurrent ? 'true' : undefined}
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 0.75,
              px: 1,
              py: 0.25,
              borderRadius: 1,
              border: 1,
              fontSize: { xs: '0.75rem', lg: '0.8125rem' },
              lineHeight: 1.6,
              borderColor: isCurrent ? 'primary.main' : 'divider',
              bgcolor: isCurrent ? 'primary.main' : 'background.paper',
              color: isCurrent ? 'primary.contrastText' : done ? 'text.secondary' : 'text.primary',
              fontWeight: isCurrent ? 600 : 400,
            }}
          >
            {done ? <CheckIcon aria-hidden sx={{ fontSize: '1rem' }} /> : null}
            <Box component="span" sx={{ fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}>
              {formatInstantTime(timeline[step.at])}
            </Box>
            <span>{t(`launch.step.${step.key}`)}</span>
            {isCurrent ? (
              <Box component="span" sx={visuallyHidden}>
                {t('launch.now')}
              </Box>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

