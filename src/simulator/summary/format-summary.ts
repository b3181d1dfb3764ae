import type { Summary } from './summarize.js';

/**
 * One console line, e.g. `reservations 240 (accepted 200, rejected 20, timeout 20) | settle p50
 * 12 ms p95 35 ms p99 80 ms (n=220) | timeouts 20 | rejections 20 (vip-not-for-trainees 20) | …`.
 */
export function formatSummary(s: Summary): string {
  const list = (o: Readonly<Record<string, number | undefined>>) =>
    Object.entries(o)
      .filter(([, n]) => n !== undefined && n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)} ms`);
  const parts = [
    `reservations ${s.reservations.total} (${list(s.reservations.byStatus) || 'none'})`,
    `settle p50 ${ms(s.settlement.p50Ms)} p95 ${ms(s.settlement.p95Ms)} p99 ${ms(s.settlement.p99Ms)} (n=${s.settlement.count})`,
    `timeouts ${s.timeouts}`,
    `rejections ${s.rejections.total}${s.rejections.total > 0 ? ` (${list(s.rejections.byRule)})` : ''}`,
    `callbacks ${s.callbacks.assignment} (inline ${s.callbacks.inline}, deferred ${s.callbacks.deferred}, failed ${s.callbacks.failed}, fallback ${s.callbacks.fallback}${Object.keys(s.callbacks.warnings).length ? `, warnings ${list(s.callbacks.warnings)}` : ''})`,
    `events ${s.callbacks.events}${s.callbacks.eventsFailed ? ` (${s.callbacks.eventsFailed} failed)` : ''}`,
    `REST ${s.rest.requests} requests, ${s.rest.appliedUpdates} updates, ${s.rest.faults} faults, ${s.rest.violations} violations`,
  ];
  if (Object.keys(s.callbacks.failureReasons).length > 0) {
    parts.push(`failed deliveries ${list(s.callbacks.failureReasons)}`);
  }
  if (s.tasks) {
    parts.unshift(`tasks ${list(s.tasks)}`);
  }
  return parts.join(' | ');
}
