import type { RemoteMessages } from './nb-remote';

/** English for connecting the desktop app to the centre's desk server. Typed against nb-remote.ts. */
export const enRemote: RemoteMessages = {
  remote: {
    title: 'Use the centre’s server',
    body: 'When several desks in the centre share members, points and stock. You need the desk server’s address from your administrator.',
    button: 'Connect to the centre’s desk server',
    formTitle: 'The centre’s desk server',
    formIntro: 'Type the desk server’s address as your administrator gave it. The desk checks that the server answers before it connects.',
    address: 'Server address',
    addressHelp: 'For example https://bonus.centre.example:8443',
    required: 'Type the server’s address.',
    submit: 'Connect',
    busy: 'Connecting …',
    back: 'Back',
    connected: 'Connected to {{url}}. The desk starts again with sign-in on the server …',
    problem: {
      address: 'That is not a valid server address. Write it as https://server.name:port, with nothing after the port.',
      insecure: 'A server on another machine must use https://. Plain http:// is only allowed for a server on this machine.',
      network: 'No server could be reached at that address. Check the address, and that the server is running.',
      timeout: 'The server did not answer in time. Try again in a moment.',
      certificate: 'This machine does not trust the server’s certificate, so the desk will not connect. Ask your administrator for help.',
      status: 'The server answers but is not ready yet. Try again in a moment.',
      notDesk: 'Something answers at that address, but it is not a desk server. Check the address.',
      setUp: 'This desk is already in use, so it is not connected to another server from here.',
    },
    startupHint: 'If the desk server has a new address, you can type it here.',
    change: 'Change the server address',
  },
};
