import type { Handlers } from '../types.js';
import { authHandlers } from './auth.js';
import { memberHandlers } from './members.js';
import { pointsHandlers } from './points.js';

/** Every channel of the contract has exactly one handler; the type checks completeness. */
export const handlers = {
  ...authHandlers,
  ...memberHandlers,
  ...pointsHandlers,
} satisfies Handlers;
