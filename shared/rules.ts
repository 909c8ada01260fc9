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
/** Sign-in: this many failures in a row lock the account for LOCK_MINUTES. */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_LOCK_MINUTES = 15;
