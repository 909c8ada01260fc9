import type { Migration } from 'kysely';
import * as m0001 from './0001_init.js';
import * as m0002 from './0002_earnings_row_keys.js';
import * as m0003 from './0003_run_claims_and_event_keys.js';
import * as m0004 from './0004_reason_codes.js';
import * as m0005 from './0005_security.js';
import * as m0006 from './0006_held_order_index.js';
import * as m0007 from './0007_cancelled_by_id.js';
import * as m0008 from './0008_name_prefix_index.js';
import * as m0009 from './0009_contact_changes.js';
import * as m0010 from './0010_run_page_indexes.js';
import * as m0011 from './0011_supervisor_desk.js';
import * as m0012 from './0012_billing_feed.js';

/** The migrations, in order. Static, so the bundled app finds them without reading a folder. */
export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_earnings_row_keys': m0002,
  '0003_run_claims_and_event_keys': m0003,
  '0004_reason_codes': m0004,
  '0005_security': m0005,
  '0006_held_order_index': m0006,
  '0007_cancelled_by_id': m0007,
  '0008_name_prefix_index': m0008,
  '0009_contact_changes': m0009,
  '0010_run_page_indexes': m0010,
  '0011_supervisor_desk': m0011,
  '0012_billing_feed': m0012,
};
