import type { Migration } from 'kysely';
import * as m0001 from './0001_init.js';

/** The migrations, in order. Static, so the bundled app finds them without reading a folder. */
export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
};
