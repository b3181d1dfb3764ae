import type { WaitOptions } from './create-waiters.js';
import type { FaultControl } from './faults/create-fault-control.js';
import type {
  ReservationChange,
  ReservationFilter,
} from './reservations/create-reservation-book.js';
import type { AutoCreateOptions } from './routes/lookup-reservation.js';
import type { Summary } from './summary/summarize.js';
import type {
  CallbackRecord,
  CreateReservationInput,
  LedgerEntry,
  ReservationStatus,
  ReservationView,
  SimClock,
  Violation,
  WorkflowSettings,
  WorkspaceSettings,
} from './types.js';

export interface SimulatorOptions {
  readonly accountSid: string;
  /** Checks REST Basic auth, and signs the callbacks the simulator sends. */
  readonly authToken: string;
  /** An API key pair accepted as Basic credentials besides AccountSid/AuthToken. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** @defaultValue 0 (a free port) */
  readonly port?: number;
  /** @defaultValue '127.0.0.1' */
  readonly host?: string;
  /**
   * Workflows by WW sid: their reservation timeout, where Assignment Callbacks go, and what
   * FetchWorkflow shows.
   */
  readonly workflows?: Readonly<Record<string, WorkflowSettings>>;
  /** Seconds, for reservations without a known workflow. @defaultValue 120 */
  readonly defaultReservationTimeout?: number;
  /**
   * Create a pending reservation the first time an unknown WR sid is fetched or updated (under
   * the path's workspace and task/worker), instead of answering 404.
   * @defaultValue false
   */
  readonly autoCreateReservations?: boolean | AutoCreateOptions;
  /** The Workspace `EventCallbackUrl`: every reservation change is POSTed there, signed. */
  readonly eventCallbackUrl?: string;
  /** The Workspace `EventsFilter` (comma-separated types). @defaultValue unset: every event */
  readonly eventsFilter?: string;
  /** @defaultValue 'Simulated Workspace' */
  readonly workspaceName?: string;
  /** Real ms to wait for an Assignment Callback answer. @defaultValue 5000 (TaskRouter's limit) */
  readonly assignmentCallbackTimeoutMs?: number;
  /** Real ms to wait for an Event Callback answer. @defaultValue 15000 */
  readonly eventCallbackTimeoutMs?: number;
  /**
   * Time compression for rehearsals: simulated seconds per real second. Reservation timeouts
   * run on the compressed clock, so FetchWorkflow reports `task_reservation_timeout` divided by
   * `speed` (rounded up), the real time the service actually has. Ignored when `clock` is given.
   * @defaultValue 1
   */
  readonly speed?: number;
  /** @defaultValue the wall clock (sped up by `speed`); `createManualClock()` drives it by hand. */
  readonly clock?: SimClock;
}

/** A running fake TaskRouter. See `startSimulator`. */
export interface Simulator {
  /** `http://host:port`, to set as `client.taskrouter.baseUrl` / `TASKROUTER_BASE_URL`. */
  readonly url: string;
  readonly port: number;
  readonly clock: SimClock;
  /** Every REST request received, in arrival order. */
  readonly requests: readonly LedgerEntry[];
  /** Every request that broke the OpenAPI (or Reservation) document; a test asserts it is empty. */
  readonly violations: readonly Violation[];
  /** Every callback sent (assignment, fallback, event), in order of completion. */
  readonly callbacks: readonly CallbackRecord[];
  readonly faults: FaultControl;
  /** A pending reservation; its Assignment Callback goes out if its workflow has a URL. */
  createReservation(input: CreateReservationInput): ReservationView;
  /**
   * Sends the reservation's Assignment Callback again (same parameters, fresh Timestamp and
   * TaskAge), as a duplicate delivery would; resolves when answered.
   */
  resendAssignmentCallback(sid: string): Promise<void>;
  reservation(sid: string): ReservationView | undefined;
  reservations(filter?: ReservationFilter): ReservationView[];
  /** Moves a reservation from outside (canceled, rescinded, timeout, completed, …), as TaskRouter would. */
  setReservationStatus(sid: string, status: ReservationStatus): ReservationView;
  setWorkflow(sid: string, settings: WorkflowSettings): void;
  /** The workflow as it is now (UpdateWorkflow changes it). */
  workflow(sid: string): WorkflowSettings | undefined;
  /** The simulated Workspace as it is now (UpdateWorkspace changes it). */
  workspace(): WorkspaceSettings;
  setWorkspace(settings: WorkspaceSettings): void;
  /** The update requests that took effect on this reservation, in order. */
  updatesFor(reservationSid: string): LedgerEntry[];
  /** Called on every reservation change; returns an unsubscribe function. */
  onReservationChange(listener: (change: ReservationChange) => void): () => void;
  /** Resolves with the first truthy value of `probe`, re-checked on every request, callback and change. */
  waitFor<T>(probe: () => T | null | undefined | false, opts?: WaitOptions): Promise<T>;
  /** Resolves once the reservation has one of the statuses. */
  waitForStatus(
    sid: string,
    status: ReservationStatus | readonly ReservationStatus[],
    opts?: WaitOptions,
  ): Promise<ReservationView>;
  /** Resolves when every callback in flight has been answered (or has failed). */
  drainCallbacks(): Promise<void>;
  /** The run so far (also `GET /summary` on the simulator's port, without auth). */
  summary(): Summary;
  /** Adds a `tasks` section to the summary (the traffic generator's counters). */
  extendSummary(tasks: () => Readonly<Record<string, number>>): void;
  /** Forgets requests, violations, callbacks, faults and reservations (workflows stay). */
  reset(): void;
  /** Stops serving, timers and callbacks; what was recorded stays readable. Safe to call twice. */
  close(): Promise<void>;
}
