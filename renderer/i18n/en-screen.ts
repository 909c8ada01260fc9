import type { ScreenMessages } from './nb-screen';

/** English for the compact launch bar and the read-only notes (issue 12). Typed against nb-screen.ts. */
export const enScreen: ScreenMessages = {
  launchBar: {
    products_one: '{{count}} product',
    products_other: '{{count}} products',
    soldOut_one: '{{count}} sold out',
    soldOut_other: '{{count}} sold out',
    productsHint: 'Show the launch products with their stock',
    productsTitle: 'Launch products',
    liveStock: 'Stock figures update by themselves.',
    expand: 'Show the whole launch day',
    collapse: 'Show less of the launch day',
    details: 'The launch day',
    chip: 'Launch: open',
    chipHint: 'Show the launch day: timeline, products and stock, script',
  },
  readOnly: {
    heldOrders: 'Read only. You see the held orders, but only agents and supervisors register, book and withdraw them.',
  },
};
