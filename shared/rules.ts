/** Rule constants from SPEC.md. Code cites the rule id next to each use. */

/** B5: points expire 3 years after they were earned. */
export const EXPIRY_YEARS = 3;
/** B9: membership lasts 3 years after the last subscription is cancelled. */
export const MEMBERSHIP_AFTER_CANCEL_YEARS = 3;
/** B9: 60 days after cancellation the balance is capped. */
export const CAP_AFTER_DAYS = 60;
/** B9: the cap keeps this many points. */
export const CAP_POINTS = 10_000;
/** L3: customer service takes no launch orders before 10:00 Oslo time. */
export const CUSTOMER_SERVICE_OPENS = '10:00';
/** L1: the web shop closes into a waiting room at 07:00 and opens with queue numbers at 08:00. */
export const WEB_WAITING_ROOM_FROM = '07:00';
export const WEB_OPENS = '08:00';
/** L1: a queue number is valid this many minutes. */
export const QUEUE_NUMBER_MINUTES = 15;
/** L4: stores take no orders before 12:00. */
export const STORES_ORDERS_FROM = '12:00';
/** All rule days and times are wall-clock in this zone. */
export const TIME_ZONE = 'Europe/Oslo';
/** B12: service email this many days before membership ends (default of the setting). */
export const SERVICE_EMAIL_DAYS_BEFORE = 30;
/** B13: a change of terms needs one month's notice unless legally required. */
export const TERMS_NOTICE_MONTHS = 1;
/**
 * Sign-in throttling (no hard lock: a stranger must not be able to lock the staff out). The first
 * SIGN_IN_FREE_FAILURES failures in a row cost nothing; each one after waits twice as long as the
 * one before, from 1 s, up to the cap: per account SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS (the most a
 * stranger can make a real user wait), per client address SIGN_IN_CLIENT_MAX_DELAY_SECONDS
 * (one client guessing across accounts). A success clears the account's and the client's
 * failures; failures older than SIGN_IN_FORGET_HOURS are forgotten.
 */
export const SIGN_IN_FREE_FAILURES = 3;
export const SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS = 30;
export const SIGN_IN_CLIENT_MAX_DELAY_SECONDS = 300;
export const SIGN_IN_FORGET_HOURS = 24;
/** Sessions end after this long without a call, and this long after sign-in (admin settings). */
export const SESSION_IDLE_MINUTES = 60;
export const SESSION_MAX_HOURS = 10;
