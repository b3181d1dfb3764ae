import { p99OfEach } from './stats.js';

/**
 * Open-loop pacing for the load generators (callback bench, end-to-end drivers): item i is due at t0 + i / rate, and is sent as soon
 * as its time has come, whatever happened to the ones before (a closed loop would slow down with
 * the service and hide its latency). `send` gets the due time and the lag behind it.
 * @returns t0, once every item has been sent
 */
export async function paceOpenLoop(
  count: number,
  rate: number,
  send: (i: number, dueAt: number, lagMs: number) => void,
): Promise<number> {
  const interval = 1000 / rate;
  const t0 = performance.now() + 20;
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < count && t0 + next * interval <= now) {
        const at = t0 + next * interval;
        send(next, at, now - at);
        next += 1;
      }
      if (next < count) {
        setTimeout(tick, 1);
      } else {
        resolve();
      }
    };
    setTimeout(tick, 20);
  });
  return t0;
}

/**
 * Waits until `done()` holds, re-checked whenever the returned `check` is called (from the
 * events that can make it true), or until `drainMs` has passed: the drain after the last send.
 */
export function createDrain(done: () => boolean): {
  check: () => void;
  wait: (drainMs: number) => Promise<void>;
} {
  let wake: (() => void) | undefined;
  return {
    check() {
      if (done()) {
        wake?.();
      }
    },
    async wait(drainMs) {
      if (done()) {
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, drainMs);
      });
      clearTimeout(timer);
    },
  };
}

/** What became of the paced items: each settled one's latency from its due time. */
export interface Settled {
  readonly latencies: number[];
  readonly beforeDeadline: number;
  /** When the last one settled (t0 when none did). */
  readonly last: number;
  /**
   * p99 latency (ms) of the items due in each second of the run, in order: whether the tail is
   * the first seconds (warm-up) or spread over the run (stalls).
   */
  readonly p99BySecond: number[];
}

/**
 * Latency of every settled item (`settledAt[i]` not NaN, and `counts(i)` when given), how many
 * settled within `deadlineMs` of their due time, and when the last one settled.
 */
export function summarizeSettled(
  due: Float64Array,
  settledAt: Float64Array,
  t0: number,
  deadlineMs: number,
  counts: (i: number) => boolean = () => true,
): Settled {
  const latencies: number[] = [];
  const bySecond: number[][] = [];
  let beforeDeadline = 0;
  let last = t0;
  for (let i = 0; i < due.length; i += 1) {
    const at = settledAt[i] ?? NaN;
    if (!Number.isNaN(at) && counts(i)) {
      const ms = at - (due[i] ?? 0);
      latencies.push(ms);
      (bySecond[Math.max(0, Math.floor(((due[i] ?? t0) - t0) / 1000))] ??= []).push(ms);
      last = Math.max(last, at);
      if (ms < deadlineMs) {
        beforeDeadline += 1;
      }
    }
  }
  return { latencies, beforeDeadline, last, p99BySecond: p99OfEach(bySecond) };
}
