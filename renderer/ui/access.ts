import { contract, type ChannelName } from '../../shared/contract';
import type { Role } from '../../shared/roles';

/** What a role may open is read from the contract, so the menu never offers a screen main would refuse. */
export function canUse(role: Role, channel: ChannelName): boolean {
  const roles = contract[channel].roles;
  return roles === 'public' || roles.includes(role);
}
