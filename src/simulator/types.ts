/**
 * The vocabulary of the TaskRouter simulator: reservations, the request ledger, OpenAPI
 * violations and fault knobs. Types only.
 */

export { RESERVATION_STATUSES, type ReservationStatus } from '../shared/reservation-status.js';
import type { ReservationStatus } from '../shared/reservation-status.js';

/**
 * The (lower-case) header in which the service may name the rule it applied, on its Assignment
 * Callback answer or on its REST update; the summary counts rejections by it.
 */
export const RULE_HEADER = 'x-assigner-rule';

/** What moved a reservation to its current status. */
export type TransitionCause = 'created' | 'rest' | 'callback-response' | 'timeout' | 'external';

/** A reservation as the simulator keeps it (a snapshot: later changes do not show in it). */
export interface ReservationView {
  readonly sid: string;
  readonly accountSid: string;
  readonly workspaceSid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  readonly workerName: string;
  readonly workerAttributes: Readonly<Record<string, unknown>>;
  readonly taskAttributes: Readonly<Record<string, unknown>>;
  readonly workflowSid: string | null;
  /** WQ… queue the task was in (Assignment Callback `TaskQueueSid`). */
  readonly taskQueueSid: string;
  readonly taskPriority: number;
  /** When the task arrived (simulator clock, ms): `TaskAge` is counted from it. */
  readonly taskCreatedAt: number;
  readonly status: ReservationStatus;
  /** Simulator clock, ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When it left `pending`; null while pending. */
  readonly settledAt: number | null;
  /** What gave it its current status. */
  readonly cause: TransitionCause;
  /** What moved it out of `pending` (kept when it later completes); null while pending. */
  readonly settledBy: TransitionCause | null;
  /** The last instruction applied to it (`accept`, `reject`, `conference`, …), if any. */
  readonly instruction: string | null;
  /** Bumped on every change; the ETag is derived from it. */
  readonly version: number;
  readonly etag: string;
}

/** What `sim.createReservation` needs; everything else is generated. */
export interface CreateReservationInput {
  readonly workspaceSid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  /** WR… sid; a random one when absent. */
  readonly sid?: string;
  /** @defaultValue the worker sid */
  readonly workerName?: string;
  /** Used for `contact_uri` when an instruction has no explicit `To`. @defaultValue `{}` */
  readonly workerAttributes?: Readonly<Record<string, unknown>>;
  /** @defaultValue `{}` */
  readonly taskAttributes?: Readonly<Record<string, unknown>>;
  /**
   * Decides the reservation timeout, and where the Assignment Callback goes (see
   * `SimulatorOptions.workflows`).
   */
  readonly workflowSid?: string;
  /** @defaultValue a fixed WQ sid */
  readonly taskQueueSid?: string;
  /** @defaultValue 0 */
  readonly taskPriority?: number;
  /** Simulator clock, ms. @defaultValue now (TaskAge 0) */
  readonly taskCreatedAt?: number;
  /**
   * POST the Assignment Callback when the workflow has an `assignmentCallbackUrl`.
   * @defaultValue true
   */
  readonly sendAssignmentCallback?: boolean;
}

/** One form or query field: a single value, or several for repeated keys. */
export type FieldValue = string | readonly string[];
export type FieldMap = Readonly<Record<string, FieldValue>>;

/** One request the simulator received, in order of arrival. */
export interface LedgerEntry {
  /** Simulator clock, ms, at arrival. */
  readonly at: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** OpenAPI operationId, or null when the path/method is not in the document. */
  readonly operation: string | null;
  readonly form: FieldMap;
  readonly query: FieldMap;
  /** Lower-case header names; `authorization` removed. */
  readonly headers: Readonly<Record<string, string>>;
  /** HTTP status answered; null while in flight or when the socket was reset. */
  readonly status: number | null;
  /** Twilio error code of an error answer. */
  readonly code?: number;
  readonly reservationSid?: string;
  /** For updates: whether the update took effect (true also for `reset-after-apply`). */
  readonly applied?: boolean;
  /** The fault injected into this request, if any. */
  readonly fault?: FaultKind;
}

/** A request that does not conform to the OpenAPI document (or the Reservation document). */
export interface Violation {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly operation: string | null;
  readonly location: 'route' | 'path' | 'query' | 'header' | 'body';
  /** Parameter or form field name; empty for whole-request problems. */
  readonly field: string;
  readonly message: string;
  readonly value?: FieldValue;
}

/**
 * `401`/`403`: the credentials refused (Twilio 20003), as when a secret is wrong or revoked;
 * `404`: no such resource (20404), as for a reservation of another account. Answered without
 * running the operation, after the request was checked against the OpenAPI document.
 */
export type FaultKind =
  '401' | '403' | '404' | '429' | '500' | '503' | 'slow' | 'hang' | 'reset' | 'reset-after-apply';

/**
 * Which requests a fault applies to: `update`, `fetch`, `list` (reservations, task- or
 * worker-scoped), `workflow` (FetchWorkflow), or an exact OpenAPI operationId.
 */
export type FaultOperation = 'update' | 'fetch' | 'list' | 'workflow' | (string & {});

/** One fault rule. Exactly one of `rate` and `count` decides which matching requests it hits. */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** Probability 0..1 per matching request, drawn from a PRNG seeded with `seed`. */
  readonly rate?: number;
  /** The first N matching requests, then the rule is spent. */
  readonly count?: number;
  /** @defaultValue every operation */
  readonly operations?: readonly FaultOperation[];
  /** Seconds, for `429` (the `Retry-After` header). @defaultValue 1 */
  readonly retryAfter?: number;
  /** Milliseconds of delay for `slow`. @defaultValue 1000 */
  readonly delayMs?: number;
  /** PRNG seed for `rate`. @defaultValue 1 */
  readonly seed?: number;
}

/** The workflow settings the simulator knows, by WW sid. */
export interface WorkflowSettings {
  /** Seconds (of the simulator's clock) before a pending reservation times out. */
  readonly taskReservationTimeout: number;
  readonly friendlyName?: string;
  /** Where the simulator POSTs the Assignment Callback of each new reservation of this workflow. */
  readonly assignmentCallbackUrl?: string;
  /** Called with the same payload when the first call fails (non-200, not JSON, slower than the limit). */
  readonly fallbackAssignmentCallbackUrl?: string;
}

/** The simulated Workspace's settings that FetchWorkspace shows and UpdateWorkspace changes. */
export interface WorkspaceSettings {
  readonly friendlyName: string;
  /** Where reservation events are POSTed, signed; none are sent without it. */
  readonly eventCallbackUrl?: string;
  /** Comma-separated event types sent to `eventCallbackUrl`; unset: every event. */
  readonly eventsFilter?: string;
}

/** One callback the simulator sent (Assignment Callback, its fallback, or an Event Callback). */
export interface CallbackRecord {
  readonly kind: 'assignment' | 'fallback' | 'event';
  readonly url: string;
  readonly reservationSid: string;
  /** For events: `reservation.accepted`, … */
  readonly eventType?: string;
  /** Simulator clock, ms, when it was sent. */
  readonly sentAt: number;
  /** HTTP status of the answer; null for a timeout or network error. */
  readonly status: number | null;
  /** Real milliseconds until the answer (or the failure). */
  readonly durationMs: number;
  /**
   * `instruction`: an inline instruction was applied; `instruction-failed`: it was refused (see
   * `code`); `deferred`: `{}`, the reservation is left for a REST update; `warning`: a 200 that
   * TaskRouter would not act on (`code` 40000, 40001, 40005, 55555); `failed`: non-200, not
   * JSON, too slow, or no answer (the fallback URL is called if there is one); `delivered`: an
   * event that was answered 2xx.
   */
  readonly outcome:
    'instruction' | 'instruction-failed' | 'deferred' | 'warning' | 'failed' | 'delivered';
  readonly code?: number;
  /** The inline instruction's name. */
  readonly instruction?: string;
  /** The rule the service says it applied (`X-Assigner-Rule` response header), when it says. */
  readonly rule?: string;
  readonly error?: string;
}

/** An opaque timer returned by a `SimClock`. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * The simulator's notion of time: reservation timeouts, ledger timestamps, arrivals and
 * handling times all go through it, so tests can drive it by hand and rehearsals can compress it.
 */
export interface SimClock {
  /** Milliseconds (epoch-based for the real clock, arbitrary origin for a manual one). */
  now(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}
