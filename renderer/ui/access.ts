import { contract, type ChannelName } from '../../shared/contract';
import type { Role } from '../../shared/roles';

/** What a role may open is read from the contract, so the menu never offers a screen main would refuse. */
export function canUse(role: Role, channel: ChannelName): boolean {
  const roles = contract[channel].roles;
  return roles === 'public' || roles.includes(role);
}

/**
 * A screen of the menu: the channel it is built on decides who may open it. Where that channel
 * is readable by a role that has no use for the screen (it reads the channel for another
 * screen), `roles` narrows it to the roles the screen is for — it only ever narrows, never widens.
 */
export interface ScreenAccess {
  readonly channel: ChannelName;
  readonly roles?: readonly Role[];
}

/** Issue 12, "menus per role": the role sees the screen only if the contract lets it read the screen's channel and the screen is for it. */
export function canOpen(role: Role, screen: ScreenAccess): boolean {
  return canUse(role, screen.channel) && (screen.roles === undefined || screen.roles.includes(role));
}
