/**
 * The numbers of a rehearsal, from what the simulator saw (reservations, callbacks, requests) and
 * what the service recorded (one record per reservation). Pure: no I/O, no clock.
 */
import type { ReservationRecord } from '../state/reservation-record.js';
import { percentile } from '../simulator/summary/percentile.js';
import type { Summary } from '../simulator/summary/summarize.js';
import type { CallbackRecord, ReservationView, Violation } from '../simulator/types.js';
import { classifyTimeout } from './classify-timeout.js';
import {
  OUTCOMES,
  TIMEOUT_CAUSES,
  type Breakdown,
  type InstructionRow,
  type Outcome,
  type RehearsalReport,
  type RuleRow,
  type SettleTimes,
  type TimeoutCause,
} from './rehearsal-report.js';

/** What a rehearsal observed. */
export interface RehearsalObservations {
  readonly reservations: readonly ReservationView[];
  readonly callbacks: readonly CallbackRecord[];
  readonly violations: readonly Violation[];
  /** The service's record per ReservationSid; absent or null when it kept none. */
  readonly records: ReadonlyMap<string, ReservationRecord | null>;
  readonly summary: Summary;
  /** Simulated ms per real ms. */
  readonly speed: number;
}

/** Per reservation: the groups it falls in and how it ended. */
interface Row {
  readonly view: ReservationView;
  readonly record: ReservationRecord | null;
  readonly outcome: Outcome;
  readonly rule: string | null;
  readonly ruleLabel: string;
  readonly instruction: string;
  readonly mode: 'async' | 'inline' | null;
  /** Real ms from the callback to settling, when the service settled it. */
  readonly settleMs: number | undefined;
  readonly reOffered: boolean;
}

export const NO_MATCH = '(no rule matched)';
export const NO_RECORD = '(no answer recorded)';

function outcomeOf(view: ReservationView): Outcome {
  const { status } = view;
  return status === 'wrapping' || status === 'completed' ? 'accepted' : status;
}

function settleTimes(values: readonly number[]): SettleTimes {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? null,
  };
}

function breakdown(rows: readonly Row[]): Breakdown {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const row of rows) {
    outcomes[row.outcome] += 1;
  }
  const settled = rows.flatMap((row) => (row.settleMs === undefined ? [] : [row.settleMs]));
  return { total: rows.length, outcomes, settle: settleTimes(settled) };
}

function groupBy<K>(rows: readonly Row[], key: (row: Row) => K): Map<K, Row[]> {
  const groups = new Map<K, Row[]>();
  for (const row of rows) {
    const k = key(row);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return groups;
}

function toRows(obs: RehearsalObservations): Row[] {
  const firstCallback = new Map<string, CallbackRecord>();
  const headerRule = new Map<string, string>();
  for (const c of obs.callbacks) {
    if (c.kind !== 'event' && !firstCallback.has(c.reservationSid)) {
      firstCallback.set(c.reservationSid, c);
    }
    if (c.rule !== undefined) {
      headerRule.set(c.reservationSid, c.rule);
    }
  }
  const lastOffer = new Map<string, number>();
  for (const view of obs.reservations) {
    lastOffer.set(view.taskSid, Math.max(lastOffer.get(view.taskSid) ?? 0, view.createdAt));
  }
  return obs.reservations.map((view) => {
    const record = obs.records.get(view.sid) ?? null;
    const rule = record?.rule ?? headerRule.get(view.sid) ?? null;
    const byService = view.settledBy === 'rest' || view.settledBy === 'callback-response';
    const from = firstCallback.get(view.sid)?.sentAt ?? view.createdAt;
    return {
      view,
      record,
      outcome: outcomeOf(view),
      rule,
      ruleLabel: rule ?? (record === null ? NO_RECORD : NO_MATCH),
      instruction: record?.instruction ?? NO_RECORD,
      mode: record === null || record.instruction === 'leave' ? null : record.mode,
      settleMs:
        byService && view.settledAt !== null ? (view.settledAt - from) / obs.speed : undefined,
      reOffered: (lastOffer.get(view.taskSid) ?? 0) > view.createdAt,
    };
  });
}

function ruleRows(rows: readonly Row[], ruleNames: readonly string[]): RuleRow[] {
  const groups = groupBy(rows, (row) => row.ruleLabel);
  const labels = [
    ...ruleNames,
    ...[...groups.keys()].filter((label) => !ruleNames.includes(label)).sort(),
  ];
  return labels.map((label) => ({
    rule: ruleNames.includes(label) ? label : null,
    label,
    ...breakdown(groups.get(label) ?? []),
  }));
}

function instructionRows(rows: readonly Row[]): InstructionRow[] {
  const groups = groupBy(rows, (row) => `${row.instruction}\0${row.mode ?? ''}`);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const [first] = group as [Row, ...Row[]];
      return { instruction: first.instruction, mode: first.mode, ...breakdown(group) };
    });
}

function timeouts(rows: readonly Row[], callbacks: readonly CallbackRecord[]) {
  const bySid = groupCallbacks(callbacks);
  const byCause = Object.fromEntries(TIMEOUT_CAUSES.map((c) => [c, 0])) as Record<
    TimeoutCause,
    number
  >;
  const examples: Partial<Record<TimeoutCause, string[]>> = {};
  const timedOut = rows.filter((row) => row.outcome === 'timeout');
  for (const row of timedOut) {
    const cause = classifyTimeout(row.record, bySid.get(row.view.sid) ?? []);
    byCause[cause] += 1;
    const list = (examples[cause] ??= []);
    if (list.length < 3) {
      list.push(row.view.sid);
    }
  }
  const reOffered = timedOut.filter((row) => row.reOffered).length;
  return { total: timedOut.length, byCause, examples, reOffered };
}

function groupCallbacks(callbacks: readonly CallbackRecord[]): Map<string, CallbackRecord[]> {
  const bySid = new Map<string, CallbackRecord[]>();
  for (const c of callbacks) {
    if (c.kind !== 'event') {
      bySid.set(c.reservationSid, [...(bySid.get(c.reservationSid) ?? []), c]);
    }
  }
  return bySid;
}

function rejections(rows: readonly Row[]) {
  const rejected = rows.filter((row) => row.outcome === 'rejected');
  const byRule: Record<string, number> = {};
  for (const row of rejected) {
    byRule[row.ruleLabel] = (byRule[row.ruleLabel] ?? 0) + 1;
  }
  return { total: rejected.length, reOffered: rejected.filter((r) => r.reOffered).length, byRule };
}

function updateErrors(rows: readonly Row[]): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const { record } of rows) {
    if (record?.lastError !== undefined) {
      errors[record.lastError] = (errors[record.lastError] ?? 0) + 1;
    }
  }
  return errors;
}

/** The parts of the report computed from observations; the caller adds the run's context. */
export type ReportNumbers = Pick<
  RehearsalReport,
  | 'tasks'
  | 'reservations'
  | 'byRule'
  | 'byInstruction'
  | 'timeouts'
  | 'rejections'
  | 'settle'
  | 'callbacks'
  | 'rest'
  | 'violations'
>;

/** Counts the observations of a rehearsal; `ruleNames` are the rules in file order. */
export function buildRehearsalReport(
  obs: RehearsalObservations,
  ruleNames: readonly string[],
): ReportNumbers {
  const rows = toRows(obs);
  const all = breakdown(rows);
  return {
    tasks: obs.summary.tasks ?? {},
    reservations: {
      total: rows.length,
      byStatus: obs.summary.reservations.byStatus,
      byOutcome: all.outcomes,
    },
    byRule: ruleRows(rows, ruleNames),
    byInstruction: instructionRows(rows),
    timeouts: timeouts(rows, obs.callbacks),
    rejections: rejections(rows),
    settle: all.settle,
    callbacks: obs.summary.callbacks,
    rest: { ...obs.summary.rest, updateErrors: updateErrors(rows) },
    violations: obs.violations.slice(0, 20),
  };
}
