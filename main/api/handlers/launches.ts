import {
  cancelLaunch,
  createLaunch,
  getLaunchScript,
  launchesToday,
  listLaunches,
  setLaunchScript,
  updateLaunch,
} from '../../services/launches.js';
import type { HandlerTable } from '../types.js';

type LaunchChannels =
  | 'launches.list'
  | 'launches.today'
  | 'launches.create'
  | 'launches.update'
  | 'launches.cancel'
  | 'launches.script'
  | 'launches.setScript';

export const launchHandlers: HandlerTable<LaunchChannels> = {
  'launches.list': (ctx, input) => listLaunches(ctx, input),
  'launches.today': (ctx) => launchesToday(ctx),
  'launches.create': (ctx, input) => createLaunch(ctx, input),
  'launches.update': (ctx, input) => updateLaunch(ctx, input),
  'launches.cancel': (ctx, input) => cancelLaunch(ctx, input),
  'launches.script': (ctx) => getLaunchScript(ctx),
  'launches.setScript': (ctx, input) => setLaunchScript(ctx, input.script),
};
