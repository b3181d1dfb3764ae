import type { Instruction, InstructionParams } from '../rules/types.js';
import type { Metrics } from '../shared/create-metrics.js';
import type { Sealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import { isReservationStatus } from '../shared/reservation-status.js';
import type {
  ReservationRecord,
  ReservationState,
  ReservationStatus,
} from '../state/reservation-record.js';
import type { ReservationStore } from '../state/reservation-store.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';
import type { ReservationRef, TaskRouterGateway } from '../taskrouter/types.js';
import type { RetryPolicy } from './compute-retry-delay.js';
import type { ReservationJobData } from './contract.js';

/** What the worker machinery must do with the job next. */
export type JobOutcome =
  | { readonly kind: 'finished'; readonly state: ReservationState; readonly reason: string }
  | { readonly kind: 'retry'; readonly at: number }
  | { readonly kind: 'rate-limited'; readonly ms: number };

export interface ProcessorDeps {
  readonly store: ReservationStore;
  /** Where each REST attempt is noted for the reservation's timeline. */
  readonly timeline: ReservationTimeline;
  readonly gateway: TaskRouterGateway;
  readonly sealer: Sealer;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => number;
  readonly random: () => number;
  readonly policy: RetryPolicy & {
    /** Upper bound of one HTTP attempt. */
    readonly httpTimeoutMs: number;
    /** An attempt with less time than this left before the deadline is not started. */
    readonly minAttemptMs: number;
  };
}

/** One run of one job: its data, its deps, and what was read of its record. */
export interface JobContext {
  readonly data: ReservationJobData;
  readonly deps: ProcessorDeps;
  readonly ref: ReservationRef;
  readonly instruction: Instruction;
  /** The update attempt this run would make (the record's `attempts` + 1). */
  readonly attempt: number;
  /**
   * How many times the job has been run, this run included: updates, and reconciliations that
   * failed before an update, so the backoff grows with both.
   */
  readonly run: number;
  readonly log: Logger;
}

/** Builds the context of one run of a job from its data and the record read at its start. */
export function createJobContext(
  data: ReservationJobData,
  deps: ProcessorDeps,
  record: ReservationRecord | null,
  run = 1,
): JobContext {
  const attempt = (record?.attempts ?? 0) + 1;
  const params = data.sealedParams
    ? (deps.sealer.open(data.sealedParams) as InstructionParams)
    : {};
  // The record is the first delivery's: a job added by a later delivery (its own arrival time,
  // a later deadline) must not outlive TaskRouter's timer, which started with the first.
  const deadline = record ? Math.min(record.deadline, data.deadline) : data.deadline;
  return {
    data: deadline === data.deadline ? data : { ...data, deadline },
    deps,
    ref: {
      workspaceSid: data.workspaceSid,
      taskSid: data.taskSid,
      reservationSid: data.reservationSid,
    },
    instruction: { kind: data.kind, params },
    attempt,
    run: Math.max(run, attempt),
    log: deps.log.child({
      reservationSid: data.reservationSid,
      taskSid: data.taskSid,
      workerSid: record?.workerSid,
      rule: data.rule,
      instruction: data.kind,
      mode: 'async',
    }),
  };
}

/** Milliseconds before the job's deadline (negative once passed). */
export const timeLeft = (ctx: JobContext): number => ctx.data.deadline - ctx.deps.now();

export const asStatus = (s: string): ReservationStatus | undefined =>
  isReservationStatus(s) ? s : undefined;
