import type { ServerMessages } from './nb-server';

/** English for the desk server banner. Typed against nb-server.ts. */
export const enServer: ServerMessages = {
  server: {
    lostTitle: 'Cannot reach the desk server',
    lost: 'What you see may be out of date, and nothing is saved until the connection is back. The desk keeps trying by itself.',
    stillLost: 'Still no connection. Check the network, or ask whoever looks after the server.',
    retry: 'Try again',
    retrying: 'Trying …',
    restored: 'The connection to the desk server is back.',
  },
};
