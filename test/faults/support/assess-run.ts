import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Simulator } from '../../../src/simulator/start-simulator.js';
import type { LedgerEntry } from '../../../src/simulator/types.js';
import { decodeRecord } from '../../../src/state/encode-record.js';
import { TERMINAL_STATES, type ReservationRecord } from '../../../src/state/reservation-record.js';
import type { ScenarioRow } from './results.js';
import type { SentCallback } from './send-callbacks.js';
import { DEADLINE_MARGIN_MS, RESERVATION_TIMEOUT_S } from './start-fault-stack.js';

/** How one reservation ended, as the table counts it. */
export type Outcome = 'updated' | 'inline' | 'expired' | 'not-pending' | 'failed' | 'lost';

export interface Assessment {
  readonly row: ScenarioRow;
  /** Broken invariants, one line each; the scenario fails unless empty. */
  readonly problems: readonly string[];
  readonly outcomes: ReadonlyMap<string, Outcome>;
  readonly records: ReadonlyMap<string, ReservationRecord | null>;
}

interface RunView {
  readonly sim: Simulator;
  readonly redis: Redis;
  readonly queue: Queue;
  readonly prefix: string;
}

const UNFINISHED = new Set(['queued', 'updating']);

/**
 * Resolves once nothing is left to happen: no job waiting, delayed, active (stalled ones
 * included, until BullMQ hands them on) and no record of these callbacks mid-update. Polls
 * Redis, bounded by the last deadline plus `slackMs`.
 */
export async function waitUntilSettled(
  run: RunView,
  sent: readonly SentCallback[],
  slackMs = 20_000,
): Promise<void> {
  const last = Math.max(...sent.map((c) => c.sentAt));
  const bound = last + RESERVATION_TIMEOUT_S * 1000 + slackMs;
  let lastView = '';
  while (Date.now() < bound) {
    const counts = await run.queue.getJobCounts('active', 'wait', 'delayed', 'prioritized');
    const pending = Object.values(counts).reduce((a, b) => a + b, 0);
    const records = await readRecords(run, sent);
    const unfinished = [...records.values()].filter((r) => r && UNFINISHED.has(r.state)).length;
    if (pending === 0 && unfinished === 0) {
      return;
    }
    lastView = `jobs ${JSON.stringify(counts)}, records mid-update ${unfinished}`;
    // Polling Redis for a condition, with the generous bound above.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the run did not settle before every deadline had passed: ${lastView}`);
}

/** The reservation records of these callbacks, straight from Redis (`{prefix}:res:<WR>`). */
export async function readRecords(
  run: Pick<RunView, 'redis' | 'prefix'>,
  sent: readonly SentCallback[],
): Promise<Map<string, ReservationRecord | null>> {
  const pipeline = run.redis.pipeline();
  for (const cb of sent) {
    pipeline.hgetall(`${run.prefix}:res:${cb.reservationSid}`);
  }
  const rows = (await pipeline.exec()) ?? [];
  const out = new Map<string, ReservationRecord | null>();
  sent.forEach((cb, i) => {
    const hash = (rows[i]?.[1] ?? {}) as Record<string, string>;
    out.set(cb.reservationSid, decodeRecord(hash));
  });
  return out;
}

/**
 * Checks the run against the simulator's ledger and the records, and counts outcomes.
 * Invariants: every callback answered 200; no reservation updated twice; no blind resend after
 * an update took effect (a fetch must come first, so a later update carries If-Match); every applied update before its deadline; every
 * reservation either updated, instructed inline, or recorded terminal with a reason; records
 * agree with TaskRouter; no OpenAPI violations.
 */
export async function assessRun(
  run: RunView,
  scenario: string,
  sent: readonly SentCallback[],
): Promise<Assessment> {
  const records = await readRecords(run, sent);
  const updates = groupUpdates(run.sim.requests);
  const problems: string[] = run.sim.violations.map(
    (v) => `OpenAPI violation: ${v.operation ?? v.path} ${v.field}: ${v.message}`,
  );
  const outcomes = new Map<string, Outcome>();
  const latencies: number[] = [];
  let duplicatesPrevented = 0;
  for (const cb of sent) {
    const sid = cb.reservationSid;
    const record = records.get(sid) ?? null;
    const bad = cb.answers.filter((a) => a.status !== 200);
    for (const a of bad) {
      problems.push(
        `${sid}: a delivery was answered ${a.status} ${a.error ?? JSON.stringify(a.body)}`,
      );
    }
    duplicatesPrevented +=
      Math.max(0, (record?.deliveries ?? 1) - 1) + (record?.reason === 'reconciled' ? 1 : 0);
    const sentUpdates = updates.get(sid) ?? [];
    const applied = sentUpdates.filter((e) => e.applied === true);
    const firstApplied = applied[0];
    if (applied.length > 1) {
      problems.push(`${sid}: updated ${applied.length} times`);
    }
    // After our own update settled the reservation, anything sent again must have fetched first
    // (and so carries the fetched ETag as If-Match); a bare resend is a blind retry.
    const settledAt = run.sim.reservation(sid)?.settledAt ?? firstApplied?.at;
    const blind = sentUpdates.filter(
      (e) =>
        firstApplied &&
        e !== firstApplied &&
        settledAt !== undefined &&
        settledAt !== null &&
        e.at >= settledAt &&
        !e.headers['if-match'],
    );
    if (blind.length > 0) {
      problems.push(
        `${sid}: ${blind.length} update(s) sent without If-Match after the update had taken effect (no fetch first): ${trace(run.sim, sid, cb.sentAt)}; record ${describe(record)}`,
      );
    }
    const answeredAt = cb.answers[0]?.at ?? cb.sentAt;
    const deadline =
      record?.deadline ?? answeredAt + RESERVATION_TIMEOUT_S * 1000 - DEADLINE_MARGIN_MS;
    let outcome: Outcome;
    if (firstApplied) {
      outcome = 'updated';
      // Applied when the reservation left pending (a slow answer applies after it arrived).
      latencies.push((settledAt ?? firstApplied.at) - cb.sentAt);
      if (firstApplied.at > deadline) {
        problems.push(`${sid}: update applied ${firstApplied.at - deadline} ms after its deadline`);
      }
      if (record && record.state !== 'done') {
        problems.push(
          `${sid}: the update took effect but the record says ${record.state}/${record.reason ?? ''}`,
        );
      }
    } else if (cb.inline) {
      outcome = 'inline';
    } else {
      outcome = settledWithoutUpdate(record);
      if (outcome === 'lost') {
        problems.push(`${sid}: lost (no update, no inline answer, record ${describe(record)})`);
      }
    }
    if (bad.length > 0 && outcome !== 'lost') {
      outcome = 'lost';
    }
    outcomes.set(sid, outcome);
  }
  const count = (o: Outcome) => [...outcomes.values()].filter((v) => v === o).length;
  return {
    problems,
    outcomes,
    records,
    row: {
      scenario,
      callbacks: sent.length,
      updated: count('updated'),
      inline: count('inline'),
      expired: count('expired'),
      notPending: count('not-pending'),
      failed: count('failed'),
      duplicatesPrevented,
      lost: count('lost'),
      p99Ms: percentile(latencies, 0.99),
      maxAnswerMs: Math.max(0, ...sent.flatMap((c) => c.answers.map((a) => a.at - c.sentAt))),
      notes: '',
    },
  };
}

/** A reservation with no applied update: which terminal state, with which reason, it reached. */
function settledWithoutUpdate(record: ReservationRecord | null): Outcome {
  if (!record || !TERMINAL_STATES.has(record.state)) {
    return 'lost';
  }
  if (record.state === 'expired' && record.reason === 'deadline') {
    return 'expired';
  }
  if (
    record.state === 'skipped' &&
    (record.reason === 'not-pending' || record.reason === 'event')
  ) {
    return 'not-pending';
  }
  if (record.state === 'failed' && record.reason === 'rejected') {
    return 'failed';
  }
  // done without any update reaching TaskRouter, or skipped with no reason: not accounted for.
  return 'lost';
}

function groupUpdates(ledger: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const out = new Map<string, LedgerEntry[]>();
  for (const e of ledger) {
    if (e.reservationSid && e.operation?.startsWith('Update')) {
      const list = out.get(e.reservationSid) ?? [];
      list.push(e);
      out.set(e.reservationSid, list);
    }
  }
  return out;
}

/** The requests for one reservation, ms after its callback: `U+1530 200 slow applied, F+7020 200`. */
function trace(sim: Simulator, sid: string, t0: number): string {
  return sim.requests
    .filter((e) => e.reservationSid === sid)
    .map((e) => {
      const op = e.operation?.startsWith('Update')
        ? 'U'
        : e.operation?.startsWith('Fetch')
          ? 'F'
          : (e.operation ?? '?');
      const extra = [
        e.fault,
        e.applied ? 'applied' : '',
        e.headers['if-match'] ? 'if-match' : '',
      ].filter(Boolean);
      return `${op}+${e.at - t0} ${e.status ?? '-'}${extra.length ? ` ${extra.join(' ')}` : ''}`;
    })
    .join(', ');
}

function describe(record: ReservationRecord | null): string {
  return record ? `${record.state}/${record.reason ?? '-'} attempts ${record.attempts}` : 'absent';
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}
