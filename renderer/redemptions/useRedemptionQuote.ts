import { useEffect, useRef, useState } from 'react';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import { call } from '../desk';

export type QuoteInput = ChannelInput<'redemptions.quote'>;
export type Quote = ChannelOutput<'redemptions.quote'>;

/** Wait this long after the last change (a quantity typed digit by digit) before asking. */
export const QUOTE_DEBOUNCE_MS = 200;

export interface QuoteState {
  /** The answer for `forKey`; may belong to an older order while a newer one is asked. */
  readonly quote: Quote | null;
  /** The shown quote answers the current order. */
  readonly fresh: boolean;
  readonly error: unknown;
  /** Ask again now (the catalog, the clock or the balance may have moved). */
  refresh(): void;
  /** Ask now, without the debounce, and show the answer: for the step that must be sure. */
  check(): Promise<Quote | null>;
}

/**
 * B7: the running total, shortfall, delivery and every reason the order could not be booked now,
 * asked again (debounced) on every change. Stale answers never overwrite newer ones.
 */
export function useRedemptionQuote(order: QuoteInput | null): QuoteState {
  const orderKey = order === null ? null : JSON.stringify(order);
  const [nonce, setNonce] = useState(0);
  const [settled, setSettled] = useState<{ key: string | null; quote: Quote | null; error: unknown }>({ key: null, quote: null, error: null });
  const sequence = useRef(0);

  // The refresh count is part of the key, so a refreshed quote counts as pending until it answers.
  const requestKey = orderKey === null ? null : `${nonce}:${orderKey}`;

  useEffect(() => {
    const mine = ++sequence.current;
    if (requestKey === null || orderKey === null) return undefined;
    const timer = window.setTimeout(() => {
      call('redemptions.quote', JSON.parse(orderKey) as QuoteInput).then(
        (quote) => {
          if (mine === sequence.current) setSettled({ key: requestKey, quote, error: null });
        },
        (error: unknown) => {
          if (mine === sequence.current) setSettled((prev) => ({ key: requestKey, quote: prev.quote, error }));
        },
      );
    }, QUOTE_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [orderKey, requestKey]);

  const fresh = requestKey !== null && settled.key === requestKey && settled.error === null;
  return {
    quote: orderKey === null ? null : settled.quote,
    fresh,
    error: settled.error,
    refresh: () => setNonce((n) => n + 1),
    check: async () => {
      if (orderKey === null || requestKey === null) return null;
      const mine = ++sequence.current;
      try {
        const quote = await call('redemptions.quote', JSON.parse(orderKey) as QuoteInput);
        if (mine === sequence.current) setSettled({ key: requestKey, quote, error: null });
        return quote;
      } catch (error) {
        if (mine === sequence.current) setSettled((prev) => ({ key: requestKey, quote: prev.quote, error }));
        throw error;
      }
    },
  };
}
