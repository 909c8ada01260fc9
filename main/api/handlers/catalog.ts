import type { catalogChannels } from '../../../shared/channels/catalog.js';
import { adjustStock, createProduct, setProductState, stockHistory, updateProduct } from '../../services/catalog.js';
import type { HandlersFor } from '../types.js';

export const catalogHandlers = {
  'catalog.create': async (ctx, input) => ({ product: await createProduct(ctx, input) }),
  'catalog.update': async (ctx, input) => ({ product: await updateProduct(ctx, input) }),
  'catalog.adjustStock': (ctx, input) => adjustStock(ctx, input),
  'catalog.setState': async (ctx, input) => ({ product: await setProductState(ctx, input) }),
  'catalog.stockHistory': (ctx, input) => stockHistory(ctx, input),
} satisfies HandlersFor<typeof catalogChannels>;
