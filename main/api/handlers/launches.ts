import {
  cancelLaunch,
  createLaunch,
  getLaunchScript,
  launchesToday,
  listLaunches,
  setLaunchScript,
  updateLaunch,
} from '../../services/launches.js';
import type { launchChannels } from '../../../shared/channels/launches.js';
import type { HandlersFor } from '../types.js';

export const launchHandlers = {
  'launches.list': (ctx, input) => listLaunches(ctx, input),
  'launches.today': (ctx) => launchesToday(ctx),
  'launches.create': (ctx, input) => createLaunch(ctx, input),
  'launches.update': (ctx, input) => updateLaunch(ctx, input),
  'launches.cancel': (ctx, input) => cancelLaunch(ctx, input),
  'launches.script': (ctx) => getLaunchScript(ctx),
  'launches.setScript': (ctx, input) => setLaunchScript(ctx, input.script),
} satisfies HandlersFor<typeof launchChannels>;
