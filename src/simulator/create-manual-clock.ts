import type { SimClock, TimerHandle } from './types.js';

/** A clock that only moves when told to: for tests of timeouts without waiting. */
export interface ManualClock extends SimClock {
  /** Moves time forward, running every timer that falls due, in due order. */
  advance(ms: number): void;
  /** How many timers are waiting. */
  pending(): number;
}

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/**
 * @example
 * const clock = createManualClock();
 * const sim = await startSimulator({ accountSid, authToken, clock });
 * clock.advance(120_000); // every reservation created at 0 with a 120 s timeout is now `timeout`
 */
export function createManualClock(start = 0): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  function nextDue(limit: number): Timer | undefined {
    let first: Timer | undefined;
    for (const t of timers.values()) {
      if (
        t.due <= limit &&
        (!first || t.due < first.due || (t.due === first.due && t.id < first.id))
      ) {
        first = t;
      }
    }
    return first;
  }

  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = nextId++;
      timers.set(id, { id, due: now + Math.max(0, ms), fn });
      return { id };
    },
    clearTimer(handle: TimerHandle) {
      timers.delete(handle.id);
    },
    advance(ms) {
      const target = now + ms;
      // Timers set by a timer that runs still fire within this advance if they fall due.
      for (let t = nextDue(target); t; t = nextDue(target)) {
        timers.delete(t.id);
        now = t.due;
        t.fn();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}
