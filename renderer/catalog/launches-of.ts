import type { Launch } from '../../shared/channels/launches';
import type { BonusProduct } from '../../shared/channels/redemptions';

/** B4: the planned launches from `today` (Oslo) on that list the product, in calendar order (soonest first). */
export function launchesOf(product: Pick<BonusProduct, 'id'>, launches: readonly Launch[], today: string): Launch[] {
  return launches.filter((l) => l.status === 'planned' && l.launchOn >= today && l.products.some((p) => p.id === product.id));
}
