/** p50/p90/p99/max of a set of latencies, milliseconds rounded to 0.01. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Nearest-rank percentile of an ascending array (`q` in 0..1); null when empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) {
    return null;
  }
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => {
    const v = percentile(sorted, q);
    return v === null ? null : round(v);
  };
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length === 0 ? null : round(sorted[sorted.length - 1] ?? 0),
  };
}

/** The p99 of each bucket (e.g. latencies by second of a run), rounded to 0.1 ms; 0 for an empty one. */
export function p99OfEach(buckets: readonly (readonly number[] | undefined)[]): number[] {
  return Array.from(buckets, (values) => {
    const v = values ? percentile(Float64Array.from(values).sort(), 0.99) : null;
    return v === null ? 0 : Math.round(v * 10) / 10;
  });
}
