import { bookHeldOrder, listHeldOrders, registerHeldOrder, withdrawHeldOrder } from '../../services/held-orders.js';
import type { heldOrderChannels } from '../../../shared/channels/held-orders.js';
import type { HandlersFor } from '../types.js';

export const heldOrderHandlers = {
  'heldOrders.register': (ctx, input) => ({ heldOrder: registerHeldOrder(ctx, input) }),
  'heldOrders.list': (ctx, input) => ({ heldOrders: listHeldOrders(ctx, input.includeResolved) }),
  'heldOrders.book': (ctx, input) => bookHeldOrder(ctx, input.heldOrderId),
  'heldOrders.withdraw': (ctx, input) => ({ heldOrder: withdrawHeldOrder(ctx, input.heldOrderId, input.reason) }),
} satisfies HandlersFor<typeof heldOrderChannels>;
