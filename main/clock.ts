/** The only source of "now" in the desk. Services get it through their context; tests set it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test (or the browser harness) sets and moves. */
export class TestClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** A clock that starts at a given instant and moves with real time (a worker inherits the desk's "now"). */
export function clockFrom(start: Date | string): Clock {
  const origin = new Date(start).getTime();
  const began = performance.now();
  return { now: () => new Date(origin + (performance.now() - began)) };
}
