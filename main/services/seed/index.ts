import type { ServiceContext } from '../context.js';

export interface SeedOptions {
  members: number;
  seed: number;
}
export interface SeedSummary {
  members: number;
}

/** Placeholder until the seeder lands (issue 2). */
export function seedDemo(_ctx: ServiceContext, options: SeedOptions): SeedSummary {
  throw new Error(`seeder not written yet (${options.members})`);
}
