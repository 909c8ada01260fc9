import type { OrdersMessages } from './nb-orders';

/** English for the received time, the held order's checks and "safe to promise" (issue 12). Typed against nb-orders.ts. */
export const enOrders: OrdersMessages = {
  receivedAt: {
    day: 'Received on',
    time: 'At (Norwegian time)',
    help: 'Date as dd.mm.yyyy, time as hh:mm (Norwegian time).',
    dayInvalid: 'Write the date as dd.mm.yyyy.',
    timeInvalid: 'Write the time as hh:mm (00:00–23:59).',
    future: 'That time is later than now. Write when the email arrived.',
    afterLockout: 'Held orders are only for orders received before {{time}} on launch day. This one came after {{time}}: register it as an ordinary email order.',
  },
  heldCheck: {
    region: 'Checks of the order',
    checking: 'Checking points, stock and the queue ahead …',
    clear: 'Nothing stands in the way now. The order is checked again when it is booked from {{time}}.',
    clearNoTime: 'Nothing stands in the way now. The order is checked again when it is booked.',
    warningsTitle: 'Tell the customer now',
    warningsIntro: 'The order can be registered and keeps its place in the queue, but as it stands it will probably not be booked at {{time}}:',
    warningsIntroNoTime: 'The order can be registered and keeps its place in the queue, but as it stands it will probably not be booked:',
    refusedTitle: 'Cannot be registered as a held order',
    senderMismatch: 'The email came from {{from}}, but the member has registered {{registered}}. Take extra care with the identity.',
    queueShort: '{{name}}: {{stock}} in stock and {{queued}} queued ahead of this order. That leaves {{promisable}} for this order, which wants {{quantity}}.',
    notInLaunch: '{{name}} is not in today’s launch. It can be ordered now as an ordinary order; in the held order it waits until {{time}}.',
    line: '{{stock}} in stock · {{queued}} queued ahead · {{promisable}} left for this one',
    registeredWithWarnings: 'The order is registered as held, but tell the customer:',
  },
  promise: {
    label: '{{stock}} in stock · {{queued}} queued · {{promisable}} can be promised',
    none: '{{stock}} in stock · {{queued}} queued · none can be promised',
    hint: 'Held email orders are booked first. Promise only what is left after the queue.',
  },
};
