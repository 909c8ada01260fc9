import { useMemo, useReducer } from 'react';
import type { IdentityChecks, Redemption } from '../../shared/channels/redemptions';
import type { ReceivedAt } from '../ui/ReceivedAtField';
import type { EmailFields, OrderChannel } from './ChannelStep';
import type { Delivery } from './DeliveryStep';
import { newFormKey } from './format';

export const steps = ['identity', 'channel', 'products', 'delivery', 'summary'] as const;
export const IDENTITY = 0;
export const CHANNEL = 1;
export const PRODUCTS = 2;
export const DELIVERY = 3;
export const SUMMARY = 4;

export interface Booked {
  redemption: Redemption;
  repeated: boolean;
  /** The balance after booking, as main reports it (null if that read failed). */
  balance: number | null;
}

/** Everything the redemption dialog remembers while the agent goes through the steps. */
export interface RedemptionFormState {
  /** Made once per form, so a double-click or a retry books once. */
  idempotencyKey: string;
  step: number;
  identity: IdentityChecks;
  channel: OrderChannel;
  email: EmailFields;
  quantities: Record<number, number>;
  /** The product list's filter text. */
  filter: string;
  delivery: Delivery;
  /** The agent tried to go on from a step that was not complete: its errors show. */
  tried: { identity: boolean; email: boolean; lines: boolean };
  /** A quote check or the booking is on its way. */
  busy: boolean;
  failure: unknown;
  booked: Booked | null;
  /** Bumped to read the catalog again (live stock, L5). */
  catalogVersion: number;
}

type Action =
  | { type: 'identity'; identity: IdentityChecks }
  | { type: 'channel'; channel: OrderChannel; now: ReceivedAt | null }
  | { type: 'email'; email: EmailFields }
  | { type: 'quantity'; productId: number; quantity: number }
  | { type: 'filter'; filter: string }
  | { type: 'delivery'; delivery: Delivery }
  | { type: 'tried'; what: keyof RedemptionFormState['tried'] }
  | { type: 'goTo'; step: number }
  | { type: 'refreshCatalog' }
  | { type: 'busy'; busy: boolean }
  | { type: 'failure'; failure: unknown }
  | { type: 'booked'; booked: Booked };

function initial(): RedemptionFormState {
  return {
    idempotencyKey: newFormKey(),
    step: IDENTITY,
    identity: { memberNo: false, address: false, email: false, phone: false },
    channel: 'phone',
    email: { from: '', received: { day: '', time: '' }, subject: '' },
    quantities: {},
    filter: '',
    delivery: 'next_delivery',
    tried: { identity: false, email: false, lines: false },
    busy: false,
    failure: null,
    booked: null,
    catalogVersion: 0,
  };
}

function reduce(state: RedemptionFormState, action: Action): RedemptionFormState {
  switch (action.type) {
    case 'identity':
      return { ...state, identity: action.identity };
    case 'channel': {
      // Issue 12: an email order's received time starts as now (the desk's clock); the agent corrects it.
      const blank = state.email.received.day === '' && state.email.received.time === '';
      const email = action.channel === 'email' && blank && action.now !== null ? { ...state.email, received: action.now } : state.email;
      return { ...state, channel: action.channel, email };
    }
    case 'email':
      return { ...state, email: action.email };
    case 'quantity':
      return { ...state, quantities: { ...state.quantities, [action.productId]: action.quantity } };
    case 'filter':
      return { ...state, filter: action.filter };
    case 'delivery':
      return { ...state, delivery: action.delivery };
    case 'tried':
      return { ...state, tried: { ...state.tried, [action.what]: true } };
    case 'goTo':
      // Coming to the products reads the catalog again (L5).
      return { ...state, failure: null, step: action.step, catalogVersion: action.step === PRODUCTS ? state.catalogVersion + 1 : state.catalogVersion };
    case 'refreshCatalog':
      return { ...state, catalogVersion: state.catalogVersion + 1 };
    case 'busy':
      return { ...state, busy: action.busy };
    case 'failure':
      return { ...state, failure: action.failure };
    case 'booked':
      return { ...state, booked: action.booked };
  }
}

export interface RedemptionForm {
  state: RedemptionFormState;
  setIdentity(identity: IdentityChecks): void;
  /** `now`: the desk's time as the received fields, filled in when email is chosen and they are empty. */
  setChannel(channel: OrderChannel, now: ReceivedAt | null): void;
  setEmail(email: EmailFields): void;
  setQuantity(productId: number, quantity: number): void;
  setFilter(filter: string): void;
  setDelivery(delivery: Delivery): void;
  /** The step's errors show from now on. */
  tried(what: keyof RedemptionFormState['tried']): void;
  goTo(step: number): void;
  refreshCatalog(): void;
  setBusy(busy: boolean): void;
  /** Null clears the failure shown. */
  setFailure(failure: unknown): void;
  setBooked(booked: Booked): void;
}

/** The redemption dialog's state in one reducer: the steps' fields, what was tried, busy, the failure, the booking. */
export function useRedemptionForm(): RedemptionForm {
  const [state, dispatch] = useReducer(reduce, undefined, initial);
  const actions = useMemo(
    () => ({
      setIdentity: (identity: IdentityChecks) => dispatch({ type: 'identity', identity }),
      setChannel: (channel: OrderChannel, now: ReceivedAt | null) => dispatch({ type: 'channel', channel, now }),
      setEmail: (email: EmailFields) => dispatch({ type: 'email', email }),
      setQuantity: (productId: number, quantity: number) => dispatch({ type: 'quantity', productId, quantity }),
      setFilter: (filter: string) => dispatch({ type: 'filter', filter }),
      setDelivery: (delivery: Delivery) => dispatch({ type: 'delivery', delivery }),
      tried: (what: keyof RedemptionFormState['tried']) => dispatch({ type: 'tried', what }),
      goTo: (step: number) => dispatch({ type: 'goTo', step }),
      refreshCatalog: () => dispatch({ type: 'refreshCatalog' }),
      setBusy: (busy: boolean) => dispatch({ type: 'busy', busy }),
      setFailure: (failure: unknown) => dispatch({ type: 'failure', failure }),
      setBooked: (booked: Booked) => dispatch({ type: 'booked', booked }),
    }),
    [],
  );
  return { state, ...actions };
}
