import { listSettings, setSetting } from '../../services/settings.js';
import type { settingsChannels } from '../../../shared/channels/settings.js';
import type { HandlersFor } from '../types.js';

export const settingsHandlers = {
  'settings.list': async (ctx) => ({ settings: await listSettings(ctx) }),
  'settings.set': async (ctx, input) => await setSetting(ctx, input.key, input.value),
} satisfies HandlersFor<typeof settingsChannels>;
