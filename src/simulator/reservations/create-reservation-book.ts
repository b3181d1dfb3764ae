import { createSid } from '../create-sid.js';
import type {
  CreateReservationInput,
  ReservationStatus,
  ReservationView,
  SimClock,
  TimerHandle,
  TransitionCause,
} from '../types.js';

/** A reservation's change of status (or of instruction, with `from === to`). */
export interface ReservationChange {
  readonly reservation: ReservationView;
  /** null when the reservation was just created. */
  readonly from: ReservationStatus | null;
}

export interface ReservationBookDeps {
  readonly clock: SimClock;
  readonly accountSid: string;
  /** Seconds a pending reservation of this workflow waits before it times out. */
  readonly timeoutFor: (workflowSid: string | null) => number;
  readonly onChange: (change: ReservationChange) => void;
}

export interface ReservationFilter {
  readonly workspaceSid?: string;
  readonly taskSid?: string;
  readonly workerSid?: string;
  readonly status?: ReservationStatus;
}

/** Every reservation the simulator knows, with their timeout timers. */
export interface ReservationBook {
  create(input: CreateReservationInput): ReservationView;
  get(sid: string): ReservationView | undefined;
  list(filter?: ReservationFilter): ReservationView[];
  /**
   * Sets the status (leaving `pending` stops the timeout timer) and records the instruction;
   * with the same status, only the instruction and version change.
   */
  transition(
    sid: string,
    to: ReservationStatus,
    cause: TransitionCause,
    instruction?: string,
  ): ReservationView;
  /** Stops every timeout timer (the simulator is closing); the reservations stay readable. */
  stopTimers(): void;
  /** Forgets every reservation and stops every timer. */
  clear(): void;
}

const SID = /^WR[0-9a-fA-F]{32}$/;

/** The queue reservations are reported in when the caller names none. */
export const DEFAULT_TASK_QUEUE_SID = `WQ${'0'.repeat(32)}`;

export function createReservationBook(deps: ReservationBookDeps): ReservationBook {
  const { clock } = deps;
  const views = new Map<string, ReservationView>();
  const timers = new Map<string, TimerHandle>();

  function store(view: ReservationView, from: ReservationStatus | null): ReservationView {
    const frozen = Object.freeze({ ...view, etag: `"${view.version}-${view.sid.slice(2, 10)}"` });
    views.set(view.sid, frozen);
    deps.onChange({ reservation: frozen, from });
    return frozen;
  }

  const book: ReservationBook = {
    create(input) {
      const sid = input.sid ?? createSid('WR');
      if (!SID.test(sid)) {
        throw new Error(`reservation sid must match ${SID.source}, got ${sid}`);
      }
      if (views.has(sid)) {
        throw new Error(`reservation ${sid} already exists`);
      }
      const now = clock.now();
      const workflowSid = input.workflowSid ?? null;
      const view = store(
        {
          sid,
          accountSid: deps.accountSid,
          workspaceSid: input.workspaceSid,
          taskSid: input.taskSid,
          workerSid: input.workerSid,
          workerName: input.workerName ?? input.workerSid,
          workerAttributes: input.workerAttributes ?? {},
          taskAttributes: input.taskAttributes ?? {},
          workflowSid,
          taskQueueSid: input.taskQueueSid ?? DEFAULT_TASK_QUEUE_SID,
          taskPriority: input.taskPriority ?? 0,
          taskCreatedAt: input.taskCreatedAt ?? now,
          status: 'pending',
          createdAt: now,
          updatedAt: now,
          settledAt: null,
          cause: 'created',
          settledBy: null,
          instruction: null,
          version: 1,
          etag: '',
        },
        null,
      );
      timers.set(
        sid,
        clock.setTimer(
          () => {
            timers.delete(sid);
            if (views.get(sid)?.status === 'pending') {
              book.transition(sid, 'timeout', 'timeout');
            }
          },
          deps.timeoutFor(workflowSid) * 1000,
        ),
      );
      return view;
    },
    get: (sid) => views.get(sid),
    list(filter = {}) {
      return [...views.values()].filter(
        (r) =>
          (filter.workspaceSid === undefined || r.workspaceSid === filter.workspaceSid) &&
          (filter.taskSid === undefined || r.taskSid === filter.taskSid) &&
          (filter.workerSid === undefined || r.workerSid === filter.workerSid) &&
          (filter.status === undefined || r.status === filter.status),
      );
    },
    transition(sid, to, cause, instruction) {
      const current = views.get(sid);
      if (!current) {
        throw new Error(`no reservation ${sid}`);
      }
      const timer = timers.get(sid);
      if (to !== 'pending' && timer) {
        clock.clearTimer(timer);
        timers.delete(sid);
      }
      const now = clock.now();
      const leavesPending = current.status === 'pending' && to !== 'pending';
      return store(
        {
          ...current,
          status: to,
          updatedAt: now,
          settledAt: leavesPending ? now : current.settledAt,
          cause: to === current.status ? current.cause : cause,
          settledBy: leavesPending ? cause : current.settledBy,
          instruction: instruction ?? current.instruction,
          version: current.version + 1,
        },
        current.status,
      );
    },
    stopTimers() {
      for (const t of timers.values()) {
        clock.clearTimer(t);
      }
      timers.clear();
    },
    clear() {
      book.stopTimers();
      views.clear();
    },
  };
  return book;
}
