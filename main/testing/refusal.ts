import { DeskError } from '../../shared/errors.js';

/** Runs a call that must be refused and returns the DeskError (anything else fails the test). */
export async function refusal(fn: () => unknown): Promise<DeskError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DeskError) return e;
    throw e;
  }
  throw new Error('expected a refusal, but the call succeeded');
}
