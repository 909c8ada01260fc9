import type { Handlers } from '../types.js';
import { authHandlers } from './auth.js';
import { memberHandlers } from './members.js';
import { pointsHandlers } from './points.js';
import { redemptionHandlers } from './redemptions.js';
import { membershipHandlers } from './membership.js';
import { correctionHandlers } from './corrections.js';
import { launchHandlers } from './launches.js';
import { heldOrderHandlers } from './held-orders.js';
import { reportHandlers } from './reports.js';
import { termsHandlers } from './terms.js';
/** Every channel of the contract has exactly one handler; the type checks completeness. */
export const handlers = {
  ...authHandlers,
  ...memberHandlers,
  ...pointsHandlers,
  ...redemptionHandlers,
  ...membershipHandlers,
  ...correctionHandlers,
  ...launchHandlers,
  ...heldOrderHandlers,
  ...reportHandlers,
  ...termsHandlers,
} satisfies Handlers;
