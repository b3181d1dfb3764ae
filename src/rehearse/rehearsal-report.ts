/**
 * What `rehearse` reports: how every reservation of a simulated run settled, by rule, by
 * instruction and by final status, why reservations timed out, and how fast they settled.
 * Every reservation is counted once in each breakdown, so each one sums to `reservations.total`.
 */
import type { Summary } from '../simulator/summary/summarize.js';
import type { ReservationStatus, Violation } from '../simulator/types.js';

/**
 * A reservation's final status, grouped: `accepted` includes `wrapping` and `completed` (the
 * worker got the task); `pending` is one the rehearsal stopped before it settled.
 */
export const OUTCOMES = [
  'accepted',
  'rejected',
  'timeout',
  'canceled',
  'rescinded',
  'pending',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Why a reservation timed out, from the service's record of it and the simulator's callbacks. */
export const TIMEOUT_CAUSES = [
  'no-match-leave',
  'expired-in-queue',
  'rest-failed',
  'inline-refused',
  'left-pending',
  'callback-failed',
  'other',
] as const;
export type TimeoutCause = (typeof TIMEOUT_CAUSES)[number];

/** Real milliseconds from the Assignment Callback being sent to the reservation settling. */
export interface SettleTimes {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
}

/** Reservations of one group, by outcome. */
export interface Breakdown {
  readonly total: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly settle: SettleTimes;
}

export interface RuleRow extends Breakdown {
  /** The rule's name; null for the two rows below. */
  readonly rule: string | null;
  /** The rule's name, `(no rule matched)`, or `(no answer recorded)` (the service kept no record). */
  readonly label: string;
}

export interface InstructionRow extends Breakdown {
  /** `accept` … `redirect`, `leave`, or `(no answer recorded)`. */
  readonly instruction: string;
  /** How it was carried out; null for leave and for no record. */
  readonly mode: 'async' | 'inline' | null;
}

export interface RehearsalReport {
  readonly rules: { readonly path: string; readonly version: string; readonly rules: number };
  readonly scenario: {
    readonly path: string;
    readonly seed: number;
    /** Simulated seconds of arrivals. */
    readonly durationSeconds: number;
    /** Simulated seconds per real second. */
    readonly speed: number;
    readonly workflows: readonly {
      readonly name: string;
      readonly sid: string;
      readonly reservationTimeoutSeconds: number;
      /** The same timeout in real time, as the service lives it. */
      readonly realTimeoutMs: number;
    }[];
  };
  /** How long the rehearsal took, real seconds. */
  readonly realSeconds: number;
  /** The traffic's task counters (arrived, completed, canceled, offers, waiting, …). */
  readonly tasks: Readonly<Record<string, number>>;
  readonly reservations: {
    readonly total: number;
    readonly byStatus: Partial<Record<ReservationStatus, number>>;
    readonly byOutcome: Readonly<Record<Outcome, number>>;
  };
  /** Every rule in file order (those that never decided too), then the two special rows if used. */
  readonly byRule: readonly RuleRow[];
  readonly byInstruction: readonly InstructionRow[];
  readonly timeouts: {
    readonly total: number;
    readonly byCause: Readonly<Record<TimeoutCause, number>>;
    /** Up to three ReservationSids per cause, to look up with `reservations fetch` or the admin API. */
    readonly examples: Readonly<Partial<Record<TimeoutCause, readonly string[]>>>;
    /** Of those, how many were offered again (a later reservation of the same task). */
    readonly reOffered: number;
  };
  readonly rejections: {
    readonly total: number;
    readonly reOffered: number;
    readonly byRule: Readonly<Record<string, number>>;
  };
  readonly settle: SettleTimes;
  readonly callbacks: Summary['callbacks'];
  readonly rest: Summary['rest'] & {
    /** The service's last error per reservation whose update failed or was retried. */
    readonly updateErrors: Readonly<Record<string, number>>;
  };
  /** Requests that broke the OpenAPI document (the first 20). */
  readonly violations: readonly Violation[];
  readonly warnings: readonly string[];
}
