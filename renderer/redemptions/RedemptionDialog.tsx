import { useEffect, useLayoutEffect, useMemo, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import CheckIcon from '@mui/icons-material/Check';
import type { MemberProfile } from '../../shared/channels/members';
import { asDeskError, call } from '../desk';
import { useDeskEvents } from '../events';
import { useDeskQuery } from '../ui/useDeskQuery';
import { useRedemptionQuote, type Quote, type QuoteInput } from './useRedemptionQuote';
import { describeProblem, type Problem } from '../i18n/errors';
import { formatDay, formatPoints } from '../i18n/format';
import { ChannelStep, normaliseEmail, validateEmail } from './ChannelStep';
import { DeliveryStep } from './DeliveryStep';
import { formatNok } from './format';
import { deskNowFrom, useDeskAnchor } from '../launches/useLaunchesToday';
import { receivedAtFrom, receivedInstant } from '../ui/ReceivedAtField';
import { IdentityStep, identityCount, MIN_IDENTITY_CHECKS, toggleByKey } from './IdentityStep';
import { OrderPanel, type PanelLine } from './OrderPanel';
import { ProblemList } from './ProblemList';
import { ProductsStep } from './ProductsStep';
import { SummaryStep } from './SummaryStep';
import { CHANNEL, DELIVERY, IDENTITY, PRODUCTS, steps, SUMMARY, useRedemptionForm, type Booked } from './useRedemptionForm';

/** How often the catalog is read again while the agent picks (live stock, L5). */
const CATALOG_REFRESH_MS = 20_000;

interface Props {
  member: MemberProfile;
  /** The member's next ordinary delivery (B8), from the active subscriptions. */
  nextDeliveryOn: string | null;
  /** The desk's today in Oslo (marks today's launch products). */
  today: string | null;
  onClose(): void;
  /** A booking was made or refused: the member page reads its data again. */
  onBooked(): void;
}

/**
 * B7: a bonus redemption taken while the caller is on the line, keyboard first. Identity,
 * channel, products with a running total, delivery, a summary to read back, then one booking:
 * the idempotency key is made once per form, so a double-click or a retry books once.
 */
export function RedemptionDialog({ member, nextDeliveryOn, today, onClose, onBooked }: Props) {
  const { t } = useTranslation();
  const form = useRedemptionForm();
  const { idempotencyKey, step, identity, tried, channel, email, quantities, filter, delivery, busy, failure, booked, catalogVersion } = form.state;
  const { setBusy, setFailure, goTo } = form;
  const sending = useRef(false);
  const content = useRef<HTMLDivElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const failureBox = useRef<HTMLDivElement>(null);

  const deskTime = useDeskAnchor();
  const catalog = useDeskQuery('catalog.list', { includeDiscontinued: true }, catalogVersion);
  const settings = useDeskQuery('settings.desk', {});
  const products = catalog.data?.products ?? null;
  const byId = useMemo(() => new Map((products ?? []).map((p) => [p.id, p])), [products]);
  const names = useMemo(() => new Map((products ?? []).map((p) => [p.id, p.name])), [products]);

  const lines = Object.entries(quantities)
    .map(([id, quantity]) => ({ productId: Number(id), quantity }))
    .filter((l) => l.quantity > 0);
  const emailErrors = validateEmail(email);
  const emailOk = Object.keys(emailErrors).length === 0;
  const receivedAt = receivedInstant(email.received);
  const order: QuoteInput | null =
    step >= PRODUCTS && booked === null && lines.length > 0 && (channel === 'phone' || (emailOk && receivedAt !== null))
      ? {
          memberId: member.id,
          channel,
          ...(channel === 'email' && receivedAt !== null ? { email: { from: normaliseEmail(email.from), receivedAt, subject: email.subject.trim() } } : {}),
          lines,
          delivery,
        }
      : null;
  const quote = useRedemptionQuote(order);
  const latest: Quote | null = quote.quote;
  const problems: readonly Problem[] = latest?.problems ?? [];

  const panelLines: PanelLine[] = lines.map((l) => {
    const p = byId.get(l.productId);
    return { productId: l.productId, quantity: l.quantity, name: p?.name ?? `#${l.productId}`, pointsEach: p?.pointsPrice ?? 0 };
  });

  // The catalog is read again when the agent comes to the products (goTo), and every little while there (L5).
  useEffect(() => {
    if (step !== PRODUCTS) return undefined;
    const timer = window.setInterval(form.refreshCatalog, CATALOG_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [step, form.refreshCatalog]);

  // L5, issue 11: a booking on another desk changed the stock: the product list (and the order's
  // quote, so "sold out" shows before the agent promises anything) is read again at once.
  // Issue 12: a held order registered or withdrawn changes what can be promised (the queue): the same.
  useDeskEvents(['stock', 'held_orders'], () => {
    if (booked !== null) return;
    form.refreshCatalog();
    if (order !== null && !sending.current) quote.refresh();
  });

  // Each step puts the focus where the agent types next, in the same frame the step appears,
  // so a fast typist's next keys land in the right field.
  useLayoutEffect(() => {
    const target = (): HTMLElement | null | undefined =>
      booked !== null ? closeButton.current : step === SUMMARY ? confirmButton.current : content.current?.querySelector<HTMLElement>('[data-step-focus]');
    target()?.focus();
    // When the dialog has just opened, its focus trap settles after this; check once more then.
    const timer = window.setTimeout(() => {
      const el = target();
      if (el !== null && el !== undefined && document.activeElement !== el && !content.current?.contains(document.activeElement)) el.focus();
    }, 0);
    return () => window.clearTimeout(timer);
  }, [step, booked]);

  const focusSoon = (find: () => HTMLElement | null | undefined): void => {
    window.setTimeout(() => find()?.focus(), 0);
  };

  const checkQuote = async (): Promise<Quote | null> => {
    setBusy(true);
    try {
      return await quote.check();
    } catch (error) {
      setFailure(error);
      focusSoon(() => failureBox.current);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (): Promise<void> => {
    if (sending.current || order === null) return;
    sending.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const checked = quote.fresh && latest !== null ? latest : await quote.check();
      if (checked === null || checked.problems.length > 0) return;
      const result = await call('redemptions.create', { ...order, identity, idempotencyKey, postageOre: checked.postageOre, totalPoints: checked.total });
      let balance: number | null = null;
      try {
        balance = (await call('points.explain', { memberId: member.id })).story.balance;
      } catch {
        // The booking stands; the member page shows the balance when it reloads.
      }
      form.setBooked({ ...result, balance });
      onBooked();
    } catch (error) {
      setFailure(error);
      // Something moved since the quote (the balance, the stock, the postage, the clock): ask
      // again, so the panel and the read-back show what holds now; the page reads the member again.
      quote.refresh();
      onBooked();
      focusSoon(() => failureBox.current);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const next = async (): Promise<void> => {
    if (busy || booked !== null) return;
    setFailure(null);
    switch (step) {
      case IDENTITY:
        if (identityCount(identity) < MIN_IDENTITY_CHECKS) {
          form.tried('identity');
          focusSoon(() => content.current?.querySelector<HTMLElement>('input[type=checkbox]:not(:disabled)'));
          return;
        }
        goTo(CHANNEL);
        return;
      case CHANNEL:
        if (channel === 'email' && !emailOk) {
          form.tried('email');
          focusSoon(() => content.current?.querySelector<HTMLElement>('[aria-invalid=true]'));
          return;
        }
        goTo(PRODUCTS);
        return;
      case PRODUCTS: {
        if (lines.length === 0) {
          form.tried('lines');
          focusSoon(() => content.current?.querySelector<HTMLElement>('[data-step-focus]'));
          return;
        }
        const checked = await checkQuote();
        if (checked === null) return;
        if (checked.problems.length > 0) {
          focusSoon(() => document.getElementById('order-problems'));
          return;
        }
        goTo(DELIVERY);
        return;
      }
      case DELIVERY: {
        const checked = await checkQuote();
        if (checked === null) return;
        if (checked.problems.length > 0) {
          focusSoon(() => document.getElementById('order-problems'));
          return;
        }
        goTo(SUMMARY);
        return;
      }
      case SUMMARY:
        await confirm();
        return;
    }
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void next();
  };

  // Enter on a checkbox or radio goes on too, like Enter in a text field.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    const target = event.target;
    if (event.key !== 'Enter' || !(target instanceof HTMLInputElement)) return;
    if (target.type === 'checkbox' || target.type === 'radio') {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };

  // Step 1's digit keys, answered for the whole dialog (see toggleByKey).
  const onDialogKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (step !== IDENTITY || booked !== null || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement && event.target.type !== 'checkbox') return;
    const next = toggleByKey(member, identity, event.key);
    if (next === null) return;
    event.preventDefault();
    form.setIdentity(next);
  };

  const failureProblems = problemsOf(failure);
  // A refusal the quote now reports too is said once, in the refusal.
  const failureRepeats = failure !== null && problems.some((p) => p.code === asDeskError(failure).code);
  const title = booked === null ? t('redemption.title') : t('redemption.bookedTitle');

  return (
    <Dialog
      open
      fullWidth
      maxWidth="lg"
      scroll="paper"
      onClose={(_event, reason) => {
        // A stray click beside the dialog must not throw away a half-taken order.
        if (reason !== 'backdropClick' && !sending.current) onClose();
      }}
      onKeyDown={onDialogKeyDown}
      aria-labelledby="redemption-title"
      aria-describedby="redemption-member"
      // A steady height: the dialog does not jump as the steps change.
      slotProps={{ paper: { sx: { minHeight: booked === null ? 'min(680px, calc(100% - 64px))' : 0 } } }}
    >
      <form noValidate onSubmit={onSubmit} onKeyDown={onKeyDown} style={{ display: 'contents' }}>
        <DialogTitle id="redemption-title" sx={{ pb: 0.5 }}>
          {title}
        </DialogTitle>
        <Typography id="redemption-member" color="text.secondary" sx={{ px: 3, pb: 1, fontVariantNumeric: 'tabular-nums' }}>
          {t('redemption.forMember', { name: `${member.firstName} ${member.lastName}`, memberNo: member.memberNo, points: formatPoints(member.balance) })}
        </Typography>
        {booked === null ? (
          <Stepper activeStep={step} sx={{ px: 3, pb: 1.5 }} aria-label={t('redemption.stepsLabel')}>
            {steps.map((s, index) => (
              <Step key={s} completed={index < step}>
                <StepLabel slotProps={{ label: { 'aria-current': index === step ? 'step' : undefined } as object }}>{t(`redemption.steps.${s}`)}</StepLabel>
              </Step>
            ))}
          </Stepper>
        ) : null}
        <DialogContent dividers>
          {booked !== null ? (
            <BookedView booked={booked} />
          ) : (
            <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) 240px', lg: 'minmax(0, 1fr) 280px' }, alignItems: 'start' }}>
              <Box ref={content} component="section" aria-labelledby="step-title" sx={{ minWidth: 0 }}>
                <Typography id="step-title" variant="h2" component="h3" sx={{ mb: 1.5, fontSize: '1.125rem' }}>
                  {t('redemption.stepTitle', { n: step + 1, of: steps.length, title: t(`redemption.steps.${steps[step] ?? 'identity'}`) })}
                </Typography>
                {failure === null ? null : (
                  <Box ref={failureBox} tabIndex={-1} sx={{ mb: 2, outline: 'none' }} data-testid="redemption-failure">
                    {failureProblems.length > 1 ? (
                      <ProblemList problems={failureProblems} productNames={names} />
                    ) : (
                      <Alert severity="error">
                        <AlertTitle>{t('redemption.refused')}</AlertTitle>
                        {describeProblem(t, { code: asDeskError(failure).code, details: asDeskError(failure).details }, names)}
                      </Alert>
                    )}
                  </Box>
                )}
                {step >= PRODUCTS && problems.length > 0 && !failureRepeats ? (
                  <Box sx={{ mb: 2 }}>
                    <ProblemList id="order-problems" problems={problems} onRecheck={() => quote.refresh()} productNames={names} />
                  </Box>
                ) : null}
                {step === IDENTITY ? <IdentityStep member={member} checks={identity} onChange={form.setIdentity} showError={tried.identity} /> : null}
                {step === CHANNEL ? (
                  <ChannelStep
                    channel={channel}
                    onChannel={(next) => form.setChannel(next, deskTime === null ? null : receivedAtFrom(deskNowFrom(deskTime)))}
                    email={email}
                    onEmail={form.setEmail}
                    errors={tried.email ? emailErrors : {}}
                    registeredEmail={member.email}
                  />
                ) : null}
                {step === PRODUCTS ? (
                  <ProductsStep
                    products={products}
                    loading={catalog.loading && products === null}
                    failed={catalog.error !== null && products === null}
                    quantities={quantities}
                    onQuantity={form.setQuantity}
                    filter={filter}
                    onFilter={form.setFilter}
                    today={today}
                    showNoLines={tried.lines && lines.length === 0}
                  />
                ) : null}
                {step === DELIVERY ? (
                  <DeliveryStep
                    delivery={delivery}
                    onDelivery={form.setDelivery}
                    nextDeliveryOn={nextDeliveryOn}
                    postageOre={delivery === 'separate' && latest !== null && latest.postageOre > 0 ? latest.postageOre : (settings.data?.postageOre ?? null)}
                  />
                ) : null}
                {step === SUMMARY ? <SummaryStep quote={latest} identity={identity} channel={channel} email={email} delivery={delivery} /> : null}
              </Box>
              <OrderPanel balance={member.balance} lines={panelLines} quote={latest} checking={order !== null && !quote.fresh} delivery={delivery} showDelivery={step >= DELIVERY} />
            </Box>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, py: 1.5, gap: 1 }}>
          {booked !== null ? (
            <Button ref={closeButton} variant="contained" onClick={onClose}>
              {t('common.close')}
            </Button>
          ) : (
            <>
              <Button onClick={onClose} disabled={busy} sx={{ mr: 'auto' }}>
                {t('common.cancel')}
              </Button>
              <Typography variant="body2" color="text.secondary" sx={{ display: { xs: 'none', sm: 'block' } }}>
                {step === SUMMARY ? t('redemption.confirmHint') : t('redemption.enterHint')}
              </Typography>
              {step > IDENTITY ? (
                <Button startIcon={<ArrowBackIcon />} onClick={() => goTo(step - 1)} disabled={busy}>
                  {t('redemption.back')}
                </Button>
              ) : null}
              {step < SUMMARY ? (
                <Button type="submit" variant="contained" endIcon={<ArrowForwardIcon />} loading={busy}>
                  {t('redemption.next')}
                </Button>
              ) : (
                <Button
                  ref={confirmButton}
                  type="submit"
                  variant="contained"
                  color="success"
                  startIcon={<CheckIcon />}
                  loading={busy}
                  disabled={latest === null || problems.length > 0}
                  data-testid="confirm-redemption"
                >
                  {t('redemption.confirm')}
                </Button>
              )}
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** A refusal of several reasons carries them all in its details. */
function problemsOf(failure: unknown): Problem[] {
  if (failure === null) return [];
  const list = asDeskError(failure).details?.['problems'];
  if (!Array.isArray(list)) return [];
  return list.filter((p): p is Problem => typeof p === 'object' && p !== null && typeof (p as { code?: unknown }).code === 'string');
}

function BookedView({ booked }: { booked: Booked }) {
  const { t, i18n } = useTranslation();
  const { redemption: r } = booked;
  const items = r.lines.map((l) => t('redemption.summary.item', { quantity: l.quantity, name: l.name }));
  return (
    <Box data-testid="redemption-booked">
      <Alert severity="success" sx={{ mb: 2 }}>
        <AlertTitle>{booked.repeated ? t('redemption.booked.repeated') : t('redemption.booked.title', { id: r.id })}</AlertTitle>
        {new Intl.ListFormat(i18n.language === 'en' ? 'en-GB' : 'nb', { type: 'conjunction' }).format(items)} · {t('common.pointsValue', { points: formatPoints(r.totalPoints) })}
      </Alert>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: 3, rowGap: 0.75, m: 0, fontSize: '1.0625rem' }}>
        <Box component="dt" sx={{ color: 'text.secondary' }}>
          {t('redemption.booked.newBalance')}
        </Box>
        <Box component="dd" sx={{ m: 0, fontWeight: 700, fontVariantNumeric: 'tabular-nums' }} data-testid="booked-balance">
          {booked.balance === null ? t('common.none') : t('common.pointsValue', { points: formatPoints(booked.balance) })}
        </Box>
        <Box component="dt" sx={{ color: 'text.secondary' }}>
          {t('redemption.booked.delivery')}
        </Box>
        <Box component="dd" sx={{ m: 0 }}>
          {r.delivery === 'separate'
            ? t('redemption.summary.deliverySeparate', { amount: formatNok(r.postageOre) })
            : t('redemption.summary.deliveryNext', { date: formatDay(r.deliveryOn) ?? t('common.none') })}
        </Box>
        <Box component="dt" sx={{ color: 'text.secondary' }}>
          {t('redemption.booked.number')}
        </Box>
        <Box component="dd" sx={{ m: 0, fontVariantNumeric: 'tabular-nums' }}>
          {r.id}
        </Box>
      </Box>
    </Box>
  );
}
