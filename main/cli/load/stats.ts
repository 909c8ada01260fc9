/**
 * The load test's figures: every call's round trip, kept by channel, with its start time so a
 * window (the monthly run) can be cut out, and every refusal by code.
 */

export interface Sample {
  channel: string;
  /** When the call was sent, ms after the load began. */
  at: number;
  ms: number;
  /** null when the call answered ok; else the code (`conflict:busy` for the store's "busy" answer). */
  code: string | null;
  /** Interactive: an agent's call sent during the load (not the supervisor's polling, not setup, not after the end). */
  interactive: boolean;
  /** An agent's desk, or the supervisor's, the admin's or the health probe. */
  who: 'agent' | 'other';
  /** The first seconds (every desk starts at once), the load itself, or after its end (the last unit, the checks). */
  phase: 'start' | 'load' | 'after';
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export function summarise(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** Codes that say the desk or the load tool is broken, never a business refusal. */
export const FAILURE_CODES: ReadonlySet<string> = new Set(['internal', 'unavailable', 'timeout', 'invalid_input', 'unauthenticated', 'forbidden', 'unknown_channel', 'conflict:busy']);

export class Recorder {
  readonly samples: Sample[] = [];
  /** performance.now() when the load began. */
  readonly origin: number;

  constructor(origin: number) {
    this.origin = origin;
  }

  /** ms since the load began. */
  now(): number {
    return performance.now() - this.origin;
  }

  add(sample: Sample): void {
    this.samples.push(sample);
  }

  /** Per channel (and "interactive, all channels") percentiles of the samples `keep` selects. */
  table(keep: (s: Sample) => boolean = () => true): { channel: string; figures: Percentiles }[] {
    const by = new Map<string, number[]>();
    const all: number[] = [];
    for (const s of this.samples) {
      if (!keep(s)) continue;
      const list = by.get(s.channel) ?? [];
      list.push(s.ms);
      by.set(s.channel, list);
      if (s.interactive) all.push(s.ms);
    }
    const rows = [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([channel, values]) => ({ channel, figures: summarise(values) }));
    if (all.length > 0) rows.push({ channel: 'interactive (all agent calls)', figures: summarise(all) });
    return rows;
  }

  /** Refusals by channel and code. */
  errors(): { channel: string; code: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const s of this.samples) {
      if (s.code === null) continue;
      const key = `${s.channel}\u0000${s.code}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()]
      .map(([key, count]) => {
        const [channel = '', code = ''] = key.split('\u0000');
        return { channel, code, count };
      })
      .sort((a, b) => a.code.localeCompare(b.code) || a.channel.localeCompare(b.channel));
  }
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value < 1) return `${value.toFixed(2)}`;
  if (value < 100) return `${value.toFixed(1)}`;
  return `${Math.round(value)}`;
}

export const nb = new Intl.NumberFormat('nb-NO');

/** A plain-text table: the first column left-aligned, the rest right-aligned. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
