import { z } from 'zod';
import type { Role } from './roles.js';

/**
 * One channel of the contract: its input and output schemas and who may call it.
 * `public` channels answer before sign-in (sign-in itself, first-start setup).
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly roles: readonly Role[] | 'public';
  /** A write changes stored data; the router records who, when and through which channel. */
  readonly writes: boolean;
  readonly summary: string;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>): ChannelDef<I, O> {
  return def;
}

/** Merges the area tables into one contract and refuses a name declared twice. */
export function mergeChannels<T extends Record<string, ChannelDef>[]>(...areas: T): UnionToIntersection<T[number]> {
  const merged: Record<string, ChannelDef> = {};
  for (const area of areas) {
    for (const [name, def] of Object.entries(area)) {
      if (!/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/.test(name)) throw new Error(`channel name ${name} is not area.verb`);
      if (name in merged) throw new Error(`channel ${name} is declared twice`);
      merged[name] = def;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Shared field schemas. */
export const Id = z.number().int().positive();
export const IsoInstant = z.string().datetime({ offset: true });
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
export const Points = z.number().int();
export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });
