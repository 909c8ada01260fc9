import type { Handlers } from '../types.js';
import { authHandlers } from './auth.js';
import { memberHandlers } from './members.js';

/** Every channel of the contract has exactly one handler; the type checks completeness. */
export const handlers = {
  ...authHandlers,
  ...memberHandlers,
} satisfies Handlers;
