import { bookHeldOrder, checkHeldOrder, listHeldOrders, registerHeldOrder, withdrawHeldOrder } from '../../services/held-orders.js';
import type { heldOrderChannels } from '../../../shared/channels/held-orders.js';
import type { HandlersFor } from '../types.js';

export const heldOrderHandlers = {
  'heldOrders.register': (ctx, input) => registerHeldOrder(ctx, input),
  'heldOrders.check': (ctx, input) => checkHeldOrder(ctx, input),
  'heldOrders.list': async (ctx, input) => ({ heldOrders: await listHeldOrders(ctx, input.includeResolved) }),
  'heldOrders.book': (ctx, input) => bookHeldOrder(ctx, input.heldOrderId),
  'heldOrders.withdraw': async (ctx, input) => ({ heldOrder: await withdrawHeldOrder(ctx, input.heldOrderId, input.reason) }),
} satisfies HandlersFor<typeof heldOrderChannels>;
