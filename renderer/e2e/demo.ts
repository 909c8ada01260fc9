/** The project's demo seeder, as the browser tests use it (main/services/seed/index.ts). */
import type { Role } from '../../shared/roles.js';
import type { ServiceContext } from '../../main/services/context.js';
import { DEMO_PASSWORDS, seedDemo } from '../../main/services/seed/index.js';

export async function seedDemoDesk(ctx: ServiceContext, members: number, seed: number): Promise<void> {
  await seedDemo(ctx, { members, seed });
}

/** The demo users are named after their roles. */
export function demoPassword(username: Role): string {
  return DEMO_PASSWORDS[username];
}
