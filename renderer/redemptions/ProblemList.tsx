import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { describeProblem, type Problem } from '../i18n/errors';

interface Props {
  problems: readonly Problem[];
  /** Ask again (the lockout opens, stock comes back). */
  onRecheck?: (() => void) | undefined;
  id?: string;
  /** Product names by id, so a lockout can name what it holds back. */
  productNames?: ReadonlyMap<number, string>;
}

/** Why the order cannot be booked now, each reason in words (B3, B4, B7, L3). */
export function ProblemList({ problems, onRecheck, id, productNames }: Props) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Alert
      id={id}
      severity="error"
      data-testid="order-problems"
      action={
        onRecheck === undefined ? undefined : (
          <Button color="inherit" size="small" onClick={onRecheck} sx={{ whiteSpace: 'nowrap' }}>
            {t('redemption.recheck')}
          </Button>
        )
      }
    >
      <AlertTitle>{t('redemption.cannotBook')}</AlertTitle>
      {problems.length === 1 ? (
        describeProblem(t, problems[0] ?? { code: 'internal' }, productNames)
      ) : (
        <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
          {problems.map((p, index) => (
            <li key={`${p.code}-${index}`}>{describeProblem(t, p, productNames)}</li>
          ))}
        </Box>
      )}
    </Alert>
  );
}
