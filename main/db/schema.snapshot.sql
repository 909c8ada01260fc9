-- index audit_by_action
CREATE INDEX audit_by_action ON audit_log(action, id);

-- index audit_by_at
CREATE INDEX audit_by_at ON audit_log(at);

-- index audit_by_channel
CREATE INDEX audit_by_channel ON audit_log(channel, id);

-- index audit_by_user
CREATE INDEX audit_by_user ON audit_log(user_id, id);

-- index audit_member
CREATE INDEX audit_member ON audit_log(member_id, id) WHERE member_id IS NOT NULL;

-- index billing_conflicts_member
CREATE INDEX billing_conflicts_member ON billing_conflicts(member_id, id);

-- index billing_conflicts_open
CREATE INDEX billing_conflicts_open ON billing_conflicts(resolved_at, id);

-- index billing_files_done_hash
CREATE UNIQUE INDEX billing_files_done_hash ON billing_files(kind, content_hash) WHERE status = 'done';

-- index contact_changes_at
CREATE INDEX contact_changes_at ON contact_changes(changed_at, id);

-- index contact_changes_member
CREATE INDEX contact_changes_member ON contact_changes(member_id, id);

-- index correction_requests_member
CREATE INDEX correction_requests_member ON correction_requests(member_id, id);

-- index correction_requests_pending
CREATE INDEX correction_requests_pending ON correction_requests(status, id);

-- index earnings_files_fingerprint
CREATE UNIQUE INDEX earnings_files_fingerprint ON earnings_files(rows_fingerprint) WHERE rows_fingerprint IS NOT NULL;

-- index earnings_rows_by_run
CREATE INDEX earnings_rows_by_run ON earnings_rows(run_id) WHERE run_id IS NOT NULL;

-- index earnings_rows_key
CREATE INDEX earnings_rows_key ON earnings_rows(row_key);

-- index earnings_rows_unbooked
CREATE INDEX earnings_rows_unbooked ON earnings_rows(delivered_on) WHERE run_id IS NULL;

-- index held_orders_queue
CREATE INDEX held_orders_queue ON held_orders(status, received_at);

-- index invoices_member
CREATE INDEX invoices_member ON invoices(member_id, status);

-- index launch_products_product
CREATE INDEX launch_products_product ON launch_products(product_id);

-- index launches_day
CREATE INDEX launches_day ON launches(launch_on);

-- index ledger_by_run
CREATE INDEX ledger_by_run ON ledger_entries(run_id, kind, amount) WHERE run_id IS NOT NULL;

-- index ledger_earning_once
CREATE UNIQUE INDEX ledger_earning_once ON ledger_entries(earnings_row_id) WHERE earnings_row_id IS NOT NULL;

-- index ledger_member
CREATE INDEX ledger_member ON ledger_entries(member_id, id);

-- index ledger_reversed_once
CREATE UNIQUE INDEX ledger_reversed_once ON ledger_entries(reverses_entry_id) WHERE reverses_entry_id IS NOT NULL;

-- index ledger_run_once
CREATE UNIQUE INDEX ledger_run_once ON ledger_entries(run_id, member_id, kind) WHERE run_id IS NOT NULL AND kind <> 'earn';

-- index lot_allocations_lot
CREATE INDEX lot_allocations_lot ON lot_allocations(lot_id);

-- index member_access_member
CREATE INDEX member_access_member ON member_access_log(member_id, id) WHERE member_id IS NOT NULL;

-- index member_access_user
CREATE INDEX member_access_user ON member_access_log(user_id, id);

-- index member_notes_member
CREATE INDEX member_notes_member ON member_notes(member_id, id);

-- index members_cancelled_by_id
CREATE INDEX members_cancelled_by_id ON members(id) WHERE state = 'cancelled';

-- index members_email
CREATE INDEX members_email ON members(email) WHERE email IS NOT NULL;

-- index members_phone
CREATE INDEX members_phone ON members(phone) WHERE phone IS NOT NULL;

-- index members_state_cancelled
CREATE INDEX members_state_cancelled ON members(state, cancelled_on) WHERE state = 'cancelled';

-- index membership_events_member
CREATE INDEX membership_events_member ON membership_events(member_id, id);

-- index membership_events_run_once
CREATE UNIQUE INDEX membership_events_run_once ON membership_events(run_id, member_id, kind) WHERE run_id IS NOT NULL;

-- index point_lots_live_expiry
CREATE INDEX point_lots_live_expiry ON point_lots(expires_on) WHERE remaining > 0;

-- index point_lots_member
CREATE INDEX point_lots_member ON point_lots(member_id, earned_on, id);

-- index redemption_lines_redemption
CREATE INDEX redemption_lines_redemption ON redemption_lines(redemption_id);

-- index redemptions_held_order
CREATE INDEX redemptions_held_order ON redemptions(held_order_id) WHERE held_order_id IS NOT NULL;

-- index redemptions_member
CREATE INDEX redemptions_member ON redemptions(member_id, id);

-- index redemptions_status
CREATE INDEX redemptions_status ON redemptions(status, id);

-- index service_emails_by_run
CREATE INDEX service_emails_by_run ON service_emails(run_id) WHERE run_id IS NOT NULL;

-- index service_emails_due
CREATE INDEX service_emails_due ON service_emails(due_on, id);

-- index service_emails_unsent
CREATE INDEX service_emails_unsent ON service_emails(due_on, id) WHERE sent_at IS NULL;

-- index sessions_user_live
CREATE INDEX sessions_user_live ON sessions(user_id) WHERE ended_at IS NULL;

-- index sign_in_throttles_last
CREATE INDEX sign_in_throttles_last ON sign_in_throttles(last_failure_at);

-- index sign_ins_at
CREATE INDEX sign_ins_at ON sign_ins(at);

-- index sign_ins_user
CREATE INDEX sign_ins_user ON sign_ins(user_id, at);

-- index stock_adjustments_product
CREATE INDEX stock_adjustments_product ON stock_adjustments(product_id, id);

-- index subscriptions_external
CREATE UNIQUE INDEX subscriptions_external ON subscriptions(external_id) WHERE external_id IS NOT NULL;

-- index subscriptions_member
CREATE INDEX subscriptions_member ON subscriptions(member_id);

-- table audit_log
CREATE TABLE audit_log ( id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER REFERENCES users(id), action TEXT NOT NULL, channel TEXT NOT NULL, member_id INTEGER REFERENCES members(id), reason TEXT, details TEXT , hash TEXT NOT NULL DEFAULT '') STRICT;

-- table billing_conflicts
CREATE TABLE billing_conflicts ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), field TEXT NOT NULL CHECK (field = 'address' OR field = 'postcode' OR field = 'city' OR field = 'email' OR field = 'phone'), billing_value TEXT, desk_value TEXT, contact_change_id INTEGER NOT NULL REFERENCES contact_changes(id), file_id INTEGER NOT NULL REFERENCES billing_files(id), line_no INTEGER NOT NULL CHECK (line_no > 0), found_at TEXT NOT NULL, resolved_at TEXT, resolved_by INTEGER REFERENCES users(id), resolution TEXT CHECK (resolution IS NULL OR resolution = 'kept_desk' OR resolution = 'took_billing') ) STRICT;

-- table billing_customers
CREATE TABLE billing_customers ( member_no INTEGER PRIMARY KEY CHECK (member_no > 0), first_name TEXT NOT NULL, last_name TEXT NOT NULL, address TEXT, postcode TEXT, city TEXT, email TEXT, phone TEXT, birth_date TEXT, file_id INTEGER NOT NULL REFERENCES billing_files(id), line_no INTEGER NOT NULL CHECK (line_no > 0) ) STRICT;

-- table billing_files
CREATE TABLE billing_files ( id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind = 'customers' OR kind = 'subscriptions' OR kind = 'invoices'), file_name TEXT NOT NULL, content_hash TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, imported_by INTEGER REFERENCES users(id), status TEXT NOT NULL CHECK (status = 'applying' OR status = 'done' OR status = 'cancelled'), rows_total INTEGER NOT NULL CHECK (rows_total >= 0), applied_through INTEGER NOT NULL DEFAULT 0 CHECK (applied_through >= 0), rows_applied INTEGER NOT NULL DEFAULT 0 CHECK (rows_applied >= 0), rows_skipped INTEGER NOT NULL DEFAULT 0 CHECK (rows_skipped >= 0), rows_rejected INTEGER NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0), counts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(counts)), rejections TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rejections)) ) STRICT;

-- table bonus_products
CREATE TABLE bonus_products ( id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', points_price INTEGER NOT NULL CHECK (points_price > 0), stock INTEGER NOT NULL CHECK (stock >= 0), state TEXT NOT NULL CHECK ((state = 'available' OR state = 'sold_out' OR state = 'discontinued')), created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;

-- table contact_changes
CREATE TABLE contact_changes ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), audit_id INTEGER NOT NULL REFERENCES audit_log(id), changed_at TEXT NOT NULL, user_id INTEGER NOT NULL REFERENCES users(id), field TEXT NOT NULL CHECK (field = 'address' OR field = 'postcode' OR field = 'city' OR field = 'email' OR field = 'phone'), before TEXT, after TEXT, channel TEXT NOT NULL CHECK (channel = 'phone' OR channel = 'email' OR channel = 'desk'), anonymised_at TEXT, CHECK (anonymised_at IS NOT NULL OR before IS NOT after) ) STRICT;

-- table correction_requests
CREATE TABLE "correction_requests" ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), kind TEXT NOT NULL CHECK (kind = 'withhold' OR kind = 'release' OR kind = 'correction_delete' OR kind = 'unpaid_reduction' OR kind = 'manual_credit' OR kind = 'manual_debit'), points INTEGER NOT NULL CHECK (points > 0), reason TEXT NOT NULL, channel TEXT NOT NULL, requested_at TEXT NOT NULL, requested_by INTEGER NOT NULL REFERENCES users(id), status TEXT NOT NULL CHECK (status = 'pending' OR status = 'approved' OR status = 'rejected'), decided_at TEXT, decided_by INTEGER REFERENCES users(id), entry_id INTEGER REFERENCES ledger_entries(id), lot_id INTEGER REFERENCES point_lots(id), invoice_id INTEGER REFERENCES invoices(id), reason_category TEXT CHECK (reason_category IS NULL OR reason_category = 'goodwill' OR reason_category = 'complaint' OR reason_category = 'earlier_entry'), case_ref TEXT, decision_note TEXT, CHECK ((kind = 'manual_credit' OR kind = 'manual_debit') = (reason_category IS NOT NULL)) ) STRICT;

-- table earning_products
CREATE TABLE earning_products ( code TEXT PRIMARY KEY, name TEXT NOT NULL, points_per_unit INTEGER NOT NULL CHECK (points_per_unit > 0), active INTEGER NOT NULL DEFAULT 1 CHECK ((active = 0 OR active = 1)) , active_from TEXT NOT NULL DEFAULT '2000-01-01' CHECK (active_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'), active_to TEXT CHECK (active_to IS NULL OR active_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')) STRICT;

-- table earnings_files
CREATE TABLE earnings_files ( id INTEGER PRIMARY KEY, file_name TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE, imported_at TEXT NOT NULL, imported_by INTEGER REFERENCES users(id), rows_total INTEGER NOT NULL CHECK (rows_total >= 0), rows_accepted INTEGER NOT NULL CHECK (rows_accepted >= 0), rows_rejected INTEGER NOT NULL CHECK (rows_rejected >= 0), rejections TEXT NOT NULL , rows_fingerprint TEXT, rows_dropped INTEGER NOT NULL DEFAULT 0 CHECK (rows_dropped >= 0), repeats TEXT NOT NULL DEFAULT '[]') STRICT;

-- table earnings_rows
CREATE TABLE earnings_rows ( id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES earnings_files(id), line_no INTEGER NOT NULL CHECK (line_no > 0), member_id INTEGER NOT NULL REFERENCES members(id), product_code TEXT NOT NULL REFERENCES earning_products(code), quantity INTEGER NOT NULL CHECK (quantity > 0), delivered_on TEXT NOT NULL, points INTEGER NOT NULL CHECK (points > 0), run_id INTEGER REFERENCES monthly_runs(id), row_key TEXT, kept_repeat INTEGER NOT NULL DEFAULT 0 CHECK (kept_repeat = 0 OR kept_repeat = 1), UNIQUE (file_id, line_no) ) STRICT;

-- table held_orders
CREATE TABLE held_orders ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), launch_id INTEGER REFERENCES launches(id), received_at TEXT NOT NULL, email_from TEXT NOT NULL, email_subject TEXT NOT NULL DEFAULT '', lines TEXT NOT NULL, delivery TEXT NOT NULL DEFAULT 'next_delivery' CHECK ((delivery = 'next_delivery' OR delivery = 'separate')), status TEXT NOT NULL CHECK ((status = 'held' OR status = 'booked' OR status = 'failed' OR status = 'withdrawn')), outcome TEXT, created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id), resolved_at TEXT ) STRICT;

-- table invoices
CREATE TABLE invoices ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), invoice_no TEXT NOT NULL UNIQUE, amount_ore INTEGER NOT NULL CHECK (amount_ore >= 0), issued_on TEXT NOT NULL, due_on TEXT NOT NULL, status TEXT NOT NULL CHECK ((status = 'open' OR status = 'paid' OR status = 'unpaid')), paid_on TEXT ) STRICT;

-- table launch_products
CREATE TABLE launch_products ( launch_id INTEGER NOT NULL REFERENCES launches(id), product_id INTEGER NOT NULL REFERENCES bonus_products(id), PRIMARY KEY (launch_id, product_id) ) STRICT, WITHOUT ROWID;

-- table launches
CREATE TABLE launches ( id INTEGER PRIMARY KEY, launch_on TEXT NOT NULL, name TEXT NOT NULL, scope TEXT NOT NULL DEFAULT 'launch_products' CHECK ((scope = 'launch_products' OR scope = 'all_orders')), status TEXT NOT NULL DEFAULT 'planned' CHECK ((status = 'planned' OR status = 'cancelled')), cancel_reason TEXT, created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id) ) STRICT;

-- table ledger_entries
CREATE TABLE ledger_entries ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), kind TEXT NOT NULL CHECK ((kind = 'earn' OR kind = 'spend' OR kind = 'spend_reversal' OR kind = 'expire' OR kind = 'cap' OR kind = 'delete_after_cancel' OR kind = 'forfeit' OR kind = 'withhold' OR kind = 'release' OR kind = 'correction_delete' OR kind = 'unpaid_reduction' OR kind = 'correction_add' OR kind = 'reversal')), amount INTEGER NOT NULL, occurred_at TEXT NOT NULL, effective_on TEXT NOT NULL, channel TEXT NOT NULL CHECK ((channel = 'phone' OR channel = 'email' OR channel = 'file' OR channel = 'system' OR channel = 'desk')), reason TEXT NOT NULL CHECK (length(reason) > 0), user_id INTEGER REFERENCES users(id), run_id INTEGER REFERENCES monthly_runs(id), reverses_entry_id INTEGER REFERENCES ledger_entries(id), redemption_id INTEGER REFERENCES redemptions(id), earnings_row_id INTEGER REFERENCES earnings_rows(id), approved_by INTEGER REFERENCES users(id), reason_code TEXT, reason_params TEXT CHECK (reason_params IS NULL OR json_valid(reason_params)), CHECK (user_id IS NOT NULL OR run_id IS NOT NULL OR (channel = 'system' OR channel = 'file')), CHECK (NOT (kind = 'earn' OR kind = 'correction_add' OR kind = 'release' OR kind = 'spend_reversal') OR amount > 0), CHECK (NOT (kind = 'spend' OR kind = 'expire' OR kind = 'cap' OR kind = 'delete_after_cancel' OR kind = 'forfeit' OR kind = 'withhold' OR kind = 'correction_delete' OR kind = 'unpaid_reduction') OR amount < 0) ) STRICT;

-- table lot_allocations
CREATE TABLE lot_allocations ( entry_id INTEGER NOT NULL REFERENCES ledger_entries(id), lot_id INTEGER NOT NULL REFERENCES point_lots(id), amount INTEGER NOT NULL CHECK (amount > 0), PRIMARY KEY (entry_id, lot_id) ) STRICT, WITHOUT ROWID;

-- table member_access_log
CREATE TABLE "member_access_log" ( id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER NOT NULL REFERENCES users(id), member_id INTEGER REFERENCES members(id), action TEXT NOT NULL, details TEXT, hash TEXT NOT NULL DEFAULT '' ) STRICT;

-- table member_names
CREATE VIRTUAL TABLE "member_names" USING fts5(name, folded, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');

-- table member_notes
CREATE TABLE member_notes ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), body TEXT NOT NULL CHECK (length(body) > 0), created_at TEXT NOT NULL, created_by INTEGER NOT NULL REFERENCES users(id) ) STRICT;

-- table members
CREATE TABLE members ( id INTEGER PRIMARY KEY, member_no INTEGER NOT NULL UNIQUE CHECK (member_no > 0), first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT, phone TEXT, address TEXT, postcode TEXT CHECK (postcode IS NULL OR (length(postcode) = 4 AND postcode NOT GLOB '*[^0-9]*')), city TEXT, birth_date TEXT, state TEXT NOT NULL DEFAULT 'active' CHECK ((state = 'active' OR state = 'cancelled' OR state = 'opted_out' OR state = 'ended')), balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0), enrolled_on TEXT NOT NULL, cancelled_on TEXT, balance_at_cancellation INTEGER CHECK (balance_at_cancellation IS NULL OR balance_at_cancellation >= 0), cap_applied_on TEXT, keep_membership_on TEXT, opted_out_on TEXT, ended_on TEXT, anonymised_at TEXT, created_at TEXT NOT NULL ) STRICT;

-- table membership_events
CREATE TABLE membership_events ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), kind TEXT NOT NULL CHECK ((kind = 'enrolled' OR kind = 'cancelled' OR kind = 'reactivated' OR kind = 'keep_membership' OR kind = 'keep_membership_ended' OR kind = 'opted_out' OR kind = 'rejoined' OR kind = 'ended' OR kind = 'anonymised')), on_date TEXT NOT NULL, at TEXT NOT NULL, channel TEXT NOT NULL CHECK ((channel = 'phone' OR channel = 'email' OR channel = 'file' OR channel = 'system' OR channel = 'desk')), user_id INTEGER REFERENCES users(id), reason TEXT NOT NULL , run_id INTEGER REFERENCES monthly_runs(id), reason_code TEXT, reason_params TEXT CHECK (reason_params IS NULL OR json_valid(reason_params))) STRICT;

-- table monthly_runs
CREATE TABLE monthly_runs ( id INTEGER PRIMARY KEY, month TEXT NOT NULL UNIQUE CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'), status TEXT NOT NULL CHECK ((status = 'running' OR status = 'done')), started_at TEXT NOT NULL, finished_at TEXT, started_by INTEGER REFERENCES users(id), summary TEXT ) STRICT;

-- table point_lots
CREATE TABLE point_lots ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), earned_on TEXT NOT NULL, expires_on TEXT NOT NULL, amount INTEGER NOT NULL CHECK (amount > 0), remaining INTEGER NOT NULL CHECK (remaining >= 0), withheld INTEGER NOT NULL DEFAULT 0 CHECK (withheld >= 0), entry_id INTEGER NOT NULL REFERENCES ledger_entries(id), CHECK (remaining + withheld <= amount) ) STRICT;

-- table redemption_lines
CREATE TABLE redemption_lines ( id INTEGER PRIMARY KEY, redemption_id INTEGER NOT NULL REFERENCES redemptions(id), product_id INTEGER NOT NULL REFERENCES bonus_products(id), quantity INTEGER NOT NULL CHECK (quantity > 0), points_each INTEGER NOT NULL CHECK (points_each > 0) ) STRICT;

-- table redemptions
CREATE TABLE redemptions ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), idempotency_key TEXT NOT NULL UNIQUE, status TEXT NOT NULL CHECK ((status = 'registered' OR status = 'shipped' OR status = 'cancelled')), channel TEXT NOT NULL CHECK ((channel = 'phone' OR channel = 'email')), total_points INTEGER NOT NULL CHECK (total_points > 0), delivery TEXT NOT NULL CHECK ((delivery = 'next_delivery' OR delivery = 'separate')), delivery_on TEXT, postage_ore INTEGER NOT NULL DEFAULT 0 CHECK (postage_ore >= 0), identity_checks TEXT NOT NULL, email_from TEXT, email_received_at TEXT, email_subject TEXT, created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id), shipped_at TEXT, cancelled_at TEXT, cancel_reason TEXT, held_order_id INTEGER REFERENCES held_orders(id) ) STRICT;

-- table run_claims
CREATE TABLE run_claims ( key TEXT PRIMARY KEY, month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'), token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, claimed_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL ) STRICT;

-- table service_emails
CREATE TABLE service_emails ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), kind TEXT NOT NULL CHECK ((kind = 'membership_ending')), due_on TEXT NOT NULL, ends_on TEXT NOT NULL, run_id INTEGER REFERENCES monthly_runs(id), subject TEXT NOT NULL, body TEXT NOT NULL, sent_at TEXT, sent_by INTEGER REFERENCES users(id), UNIQUE (member_id, kind, ends_on) ) STRICT;

-- table sessions
CREATE TABLE sessions ( id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, user_id INTEGER NOT NULL REFERENCES users(id), started_at TEXT NOT NULL, ended_at TEXT , last_seen_at TEXT, ended_reason TEXT CHECK (ended_reason IS NULL OR ended_reason = 'signed_out' OR ended_reason = 'idle' OR ended_reason = 'lifetime' OR ended_reason = 'window_closed' OR ended_reason = 'deactivated' OR ended_reason = 'role_changed'), client TEXT, role TEXT) STRICT;

-- table settings
CREATE TABLE settings ( key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by INTEGER REFERENCES users(id) ) STRICT;

-- table sign_in_throttles
CREATE TABLE sign_in_throttles ( key TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind = 'account' OR kind = 'client'), subject TEXT NOT NULL, failures INTEGER NOT NULL CHECK (failures > 0), first_failure_at TEXT NOT NULL, last_failure_at TEXT NOT NULL, blocked_until TEXT NOT NULL ) STRICT;

-- table sign_ins
CREATE TABLE "sign_ins" ( id INTEGER PRIMARY KEY, at TEXT NOT NULL, username TEXT NOT NULL, user_id INTEGER REFERENCES users(id), outcome TEXT NOT NULL CHECK (outcome = 'ok' OR outcome = 'bad_credentials' OR outcome = 'locked' OR outcome = 'inactive' OR outcome = 'logout' OR outcome = 'throttled'), client TEXT ) STRICT;

-- table stock_adjustments
CREATE TABLE stock_adjustments ( id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES bonus_products(id), at TEXT NOT NULL, user_id INTEGER REFERENCES users(id), delta INTEGER NOT NULL CHECK (delta <> 0), stock_after INTEGER NOT NULL CHECK (stock_after >= 0), reason TEXT NOT NULL CHECK (length(reason) > 0) ) STRICT;

-- table subscriptions
CREATE TABLE subscriptions ( id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES members(id), plan TEXT NOT NULL, status TEXT NOT NULL CHECK ((status = 'active' OR status = 'cancelled')), started_on TEXT NOT NULL, cancelled_on TEXT, next_delivery_on TEXT, external_id TEXT, CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL)) ) STRICT;

-- table terms_versions
CREATE TABLE terms_versions ( id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, published_on TEXT NOT NULL, effective_on TEXT NOT NULL, legally_required INTEGER NOT NULL DEFAULT 0 CHECK ((legally_required = 0 OR legally_required = 1)), created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id), legal_reason TEXT, CHECK (effective_on >= published_on) ) STRICT;

-- table users
CREATE TABLE users ( id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL CHECK ((role = 'agent' OR role = 'supervisor' OR role = 'manager' OR role = 'admin')), password_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1 CHECK ((active = 0 OR active = 1)), failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0), locked_until TEXT, created_at TEXT NOT NULL ) STRICT;

-- trigger access_no_delete
CREATE TRIGGER access_no_delete BEFORE DELETE ON member_access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only (B14)'); END;

-- trigger access_no_update
CREATE TRIGGER access_no_update BEFORE UPDATE ON member_access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only (B14)'); END;

-- trigger audit_no_delete
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (B14)'); END;

-- trigger audit_no_update
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (B14)'); END;

-- trigger contact_changes_no_delete
CREATE TRIGGER contact_changes_no_delete BEFORE DELETE ON contact_changes BEGIN SELECT RAISE(ABORT, 'contact changes are kept (D3)'); END;

-- trigger contact_changes_no_update
CREATE TRIGGER contact_changes_no_update BEFORE UPDATE ON contact_changes WHEN NOT (NEW.id IS OLD.id AND NEW.member_id IS OLD.member_id AND NEW.audit_id IS OLD.audit_id AND NEW.changed_at IS OLD.changed_at AND NEW.user_id IS OLD.user_id AND NEW.field IS OLD.field AND NEW.channel IS OLD.channel AND NEW.before IS NULL AND NEW.after IS NULL AND NEW.anonymised_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'contact changes are kept as they were (D3); only erasure (B14) blanks their values'); END;

-- trigger ledger_no_delete
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only (B12a)'); END;

-- trigger ledger_no_update
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only (B12a)'); END;

-- trigger members_names_ai
CREATE TRIGGER members_names_ai AFTER INSERT ON members BEGIN INSERT INTO member_names(rowid, name, folded) VALUES (new.id, new.first_name || ' ' || new.last_name, replace(replace(replace(replace(replace(replace(new.first_name || ' ' || new.last_name, 'ø','o'),'Ø','O'),'æ','ae'),'Æ','Ae'),'å','a'),'Å','A')); END;

-- trigger members_names_au
CREATE TRIGGER members_names_au AFTER UPDATE OF first_name, last_name ON members BEGIN DELETE FROM member_names WHERE rowid = old.id; INSERT INTO member_names(rowid, name, folded) VALUES (new.id, new.first_name || ' ' || new.last_name, replace(replace(replace(replace(replace(replace(new.first_name || ' ' || new.last_name, 'ø','o'),'Ø','O'),'æ','ae'),'Æ','Ae'),'å','a'),'Å','A')); END;

-- trigger stock_adjustments_no_delete
CREATE TRIGGER stock_adjustments_no_delete BEFORE DELETE ON stock_adjustments BEGIN SELECT RAISE(ABORT, 'the stock history is append-only (B4)'); END;

-- trigger stock_adjustments_no_update
CREATE TRIGGER stock_adjustments_no_update BEFORE UPDATE ON stock_adjustments BEGIN SELECT RAISE(ABORT, 'the stock history is append-only (B4)'); END;
