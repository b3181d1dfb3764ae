import { inject } from 'vitest';
import type { FaultSpec } from '../../../src/simulator/types.js';
import { assessRun, waitUntilSettled, type Assessment } from './assess-run.js';
import { saveRow } from './results.js';
import type { SentCallback } from './send-callbacks.js';
import type { FaultStack } from './start-fault-stack.js';

/**
 * Waits until the run settled, checks it, and saves its row for the table (before any
 * assertion, so a failing scenario still shows up in bench/results/faults.md).
 */
export async function finishScenario(
  stack: FaultStack,
  scenario: string,
  sent: readonly SentCallback[],
  notes: (a: Assessment) => string,
): Promise<Assessment> {
  await waitUntilSettled(stack, sent);
  const assessed = await assessRun(stack, scenario, sent);
  const assessment = { ...assessed, problems: [...assessed.problems, ...processProblems(stack)] };
  assessment.row.notes = notes(assessment);
  saveRow(inject('faultsResultsDir'), assessment.row);
  return assessment;
}

/** A service process that logged `fatal` or exited on its own with a failure code. */
function processProblems(stack: FaultStack): string[] {
  const problems: string[] = [];
  for (const p of [...stack.webs, ...stack.workers]) {
    for (const line of p.logs.filter((l) => l.level >= 60)) {
      problems.push(`${p.name}: fatal log line "${line.msg}" ${JSON.stringify(line.err ?? '')}`);
    }
    if (p.exit && p.exit.signal === null && p.exit.code !== 0) {
      problems.push(`${p.name} exited with code ${p.exit.code}: ${p.stderr().slice(-500)}`);
    }
  }
  return problems;
}

/** Shares of the Twilio error mix of scenario (a); they add up to 1. */
const ERROR_SHARES: readonly [FaultSpec['kind'], number][] = [
  ['429', 0.25],
  ['500', 0.2],
  ['503', 0.2],
  ['reset', 0.15],
  ['reset-after-apply', 0.2],
];

/**
 * Fault rules that hit `rate` of the matching requests in all, split over 429 (Retry-After 1 s),
 * 500, 503, reset and reset-after-apply. The simulator tries rules in order and each draws on
 * its own, so each rule's rate is its share of what the rules before it left over.
 */
export function errorMix(
  rate: number,
  operations: FaultSpec['operations'] = ['update', 'fetch'],
): FaultSpec[] {
  let left = 1;
  return ERROR_SHARES.map(([kind, share], i) => {
    const conditional = Math.min(1, (rate * share) / left);
    left -= rate * share;
    return {
      kind,
      rate: conditional,
      seed: 1000 + i,
      operations,
      ...(kind === '429' ? { retryAfter: 1 } : {}),
    };
  });
}

/** `kind×n` for every fault the simulator injected in this run. */
export function faultSummary(stack: FaultStack): string {
  const counts = new Map<string, number>();
  for (const e of stack.sim.requests) {
    if (e.fault) {
      counts.set(e.fault, (counts.get(e.fault) ?? 0) + 1);
    }
  }
  return [...counts].map(([k, n]) => `${k}×${n}`).join(', ') || 'none';
}

/**
 * Resolves once `check()` holds, polling every 50 ms; rejects after `boundMs`. For conditions
 * with no event to wait on (log lines of several processes, read as their pipes drain).
 */
export async function waitUntil(
  check: () => boolean,
  description: string,
  boundMs = 10_000,
): Promise<void> {
  const until = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > until) {
      throw new Error(`not within ${boundMs} ms: ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The update requests TaskRouter received for one reservation, applied or not. */
export function updateRequests(stack: FaultStack, reservationSid: string) {
  return stack.sim.requests.filter(
    (e) => e.reservationSid === reservationSid && e.operation?.startsWith('Update'),
  );
}
