import type { Summary } from '../simulator/summary/summarize.js';

/**
 * The local demo's heartbeat: e.g.
 * `local: 42 reservations decided (accept 30, reject 5, conference 7) | settle p99 18 ms | timeouts 0 | pending 2`.
 */
export function formatLocalSummary(s: Summary): string {
  const decided = Object.values(s.byInstruction).reduce((a, b) => a + b, 0);
  const by = Object.entries(s.byInstruction)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const p99 = s.settlement.p99Ms === null ? '-' : `${Math.round(s.settlement.p99Ms)} ms`;
  const pending = s.reservations.byStatus.pending ?? 0;
  return `local: ${decided} reservations decided${by ? ` (${by})` : ''} | settle p99 ${p99} | timeouts ${s.timeouts} | pending ${pending} | REST violations ${s.rest.violations}`;
}
