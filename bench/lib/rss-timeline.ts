import { statusKiB } from './proc-sampler.js';

/** RSS of each named process every `everyMs`, MB; for telling a leak from a plateau. */
export interface RssTimeline {
  readonly everyMs: number;
  /** One row per sample: seconds since start, then MB by process name. */
  readonly samples: ReadonlyArray<{
    readonly atS: number;
    readonly mb: Readonly<Record<string, number>>;
  }>;
}

/** Starts sampling now; `stop()` returns what was sampled. */
export function startRssTimeline(
  procs: ReadonlyArray<{ name: string; pid: number }>,
  everyMs: number,
): { stop(): RssTimeline } {
  const t0 = performance.now();
  const samples: { atS: number; mb: Record<string, number> }[] = [];
  const sample = () => {
    const mb: Record<string, number> = {};
    for (const p of procs) {
      mb[p.name] = Math.round((statusKiB(p.pid, 'VmRSS') * 1024) / 1e5) / 10;
    }
    samples.push({ atS: Math.round((performance.now() - t0) / 100) / 10, mb });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { everyMs, samples };
    },
  };
}
