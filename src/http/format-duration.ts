/** A duration for people: `850 ms`, `1.25 s`, `2 min 5 s`; negative ones keep their sign. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(Math.round(ms));
  if (abs < 1000) {
    return `${sign}${abs} ms`;
  }
  if (abs < 60_000) {
    return `${sign}${Number((abs / 1000).toFixed(2))} s`;
  }
  const minutes = Math.floor(abs / 60_000);
  return `${sign}${minutes} min ${Math.round((abs % 60_000) / 1000)} s`;
}
