import type { SecurityMessages, SecurityNavMessages } from './nb-security';

/** English for the security page and ended sessions. Typed against nb-security.ts. */
export const enSecurityNav: SecurityNavMessages = {
  security: 'Security',
};

export const enSecurity: SecurityMessages = {
  session: {
    ended: {
      idle: 'Your session ended because the desk was not used for a while. Please sign in again.',
      lifetime: 'Your session has lasted as long as it may. Please sign in again.',
      role_changed: 'Your role has changed. Sign in again to get the new role.',
      deactivated: 'Your user has been deactivated. Contact an administrator.',
      window_closed: 'Your session ended when the window was closed or reloaded. Please sign in again.',
      signed_out: 'You are signed out. Please sign in again.',
    },
    throttled_one: 'Too many failed attempts. Wait {{count}} second before trying again.',
    throttled_other: 'Too many failed attempts. Wait {{count}} seconds before trying again.',
  },
  security: {
    title: 'Security',
    intro: 'How long sessions last, who is slowed down after failed sign-ins, and every sign-in attempt.',
    policyTitle: 'Sessions',
    policyIntro:
      'A session ends after a while without use, and in any case after a fixed number of hours. The defaults are 60 minutes and 10 hours: enough for a long shift with breaks, without leaving an abandoned desk open.',
    idleMinutes: 'Minutes without use',
    idleHelp: '5–720 minutes',
    maxHours: 'Hours after sign-in',
    maxHoursHelp: '1–24 hours',
    save: 'Save',
    saved: 'The session settings are saved. They apply to every open session from its next action.',
    throttlesTitle: 'Sign-in throttles',
    throttlesIntro:
      'After three failed attempts the next one must wait – first 1 second, then twice as long each time, at most 30 seconds for an account and 5 minutes for a machine. No account is locked.',
    subject: 'Account or machine',
    kind: 'Kind',
    kindAccount: 'Account',
    kindClient: 'Machine',
    failures: 'Failed attempts',
    lastFailure: 'Last attempt',
    blockedUntil: 'Next attempt from',
    waiting: 'Waiting',
    free: 'May try',
    lift: 'Lift',
    liftLabel: 'Lift the throttle on {{subject}}',
    lifted: 'The throttle on {{subject}} is lifted.',
    noThrottles: 'No throttles now.',
    signInsTitle: 'Sign-in attempts',
    failedOnly: 'Failed only',
    at: 'Time',
    username: 'Username',
    outcome: 'Outcome',
    client: 'Machine',
    embedded: 'This desk',
    noSignIns: 'No sign-in attempts.',
    outcomes: {
      ok: 'Signed in',
      bad_credentials: 'Wrong username or password',
      locked: 'Locked (old rule)',
      inactive: 'Deactivated user',
      logout: 'Signed out',
      throttled: 'Throttled',
    },
  },
};
