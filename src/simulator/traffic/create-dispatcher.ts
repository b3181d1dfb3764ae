import type { ReservationChange } from '../reservations/create-reservation-book.js';
import type { Scenario, ScenarioTaskType } from '../scenario/compile-scenario.js';
import type { Simulator } from '../simulator-types.js';
import type { TimerHandle } from '../types.js';
import { createTimerSet } from './create-timer-set.js';
import { createWorkerPool, type PoolWorker } from './create-worker-pool.js';
import { drawDuration } from './draw-duration.js';

/** TaskRouter cancels a task after this many reservations ("Max Assignment Count", limits page). */
export const MAX_ASSIGNMENT_COUNT = 1000;

interface TaskState {
  readonly sid: string;
  readonly type: ScenarioTaskType;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  status: 'waiting' | 'reserved' | 'assigned' | 'completed' | 'canceled';
  readonly pending: Set<string>;
  readonly declined: Set<string>;
  offers: number;
  cancelTimer: TimerHandle | null;
}

/** Plays TaskRouter's matching: queued tasks, worker availability, reservations and their fates. */
export interface Dispatcher {
  addTask(sid: string, type: ScenarioTaskType, attributes: Readonly<Record<string, unknown>>): void;
  /** Tasks not finished yet (waiting, reserved or assigned). */
  open(): number;
  stats(): Record<string, number>;
  stop(): void;
}

/**
 * Offers each waiting task (highest priority, then oldest first) to the longest-idle eligible
 * available worker — to several at once with multi-reservation — and follows every reservation:
 * accepted → the worker is busy for the handling (and wrap-up) time, then the reservation
 * completes, and the task's other pending reservations are rescinded; rejected or timed out →
 * the worker steps away for the cooldown and the task is offered again (new reservation), first
 * to workers who have not declined it; canceled when `cancelAfterSeconds` passes unaccepted.
 */
export function createDispatcher(
  sim: Simulator,
  scenario: Scenario,
  random: () => number,
  onFinished: () => void,
): Dispatcher {
  const { clock } = sim;
  const tasks = new Map<string, TaskState>();
  const links = new Map<string, { task: TaskState; worker: PoolWorker }>();
  const timers = createTimerSet(clock);
  const counts = { arrived: 0, completed: 0, canceled: 0, offers: 0 };
  let dispatchQueued = false;
  const later = (seconds: number, fn: () => void) => timers.later(seconds * 1000, fn);
  const scheduleDispatch = () => {
    if (!dispatchQueued) {
      dispatchQueued = true;
      // Coalesces the dispatches that one burst of changes asks for, and keeps them out of the
      // reservation listeners (which run inside the simulator's own state changes).
      queueMicrotask(() => {
        dispatchQueued = false;
        dispatch();
      });
    }
  };
  const pool = createWorkerPool(scenario, { clock, timers, random, onAvailable: scheduleDispatch });
  const eligible = (task: TaskState, w: PoolWorker) =>
    task.type.eligible === null ||
    task.type.eligible.has(w.spec.name) ||
    task.type.eligible.has(w.spec.group);

  function dispatch(): void {
    const waiting = [...tasks.values()]
      .filter((t) => t.status === 'waiting')
      .sort((a, b) => b.type.priority - a.type.priority || a.createdAt - b.createdAt);
    for (const task of waiting) {
      const isEligible = (w: PoolWorker) => eligible(task, w);
      if (pool.workers.filter(isEligible).every((w) => task.declined.has(w.spec.sid))) {
        task.declined.clear(); // everyone declined it once: start over, as TaskRouter keeps offering
      }
      const take = scenario.multiReservation.enabled
        ? scenario.multiReservation.maxReservedWorkers
        : 1;
      for (const w of pool.candidates(isEligible, task.declined).slice(0, take)) {
        reserve(task, w);
      }
    }
  }

  function reserve(task: TaskState, w: PoolWorker): void {
    w.state = 'reserved';
    task.status = 'reserved';
    task.offers += 1;
    counts.offers += 1;
    const r = sim.createReservation({
      workspaceSid: scenario.workspace.sid,
      taskSid: task.sid,
      workerSid: w.spec.sid,
      workerName: w.spec.name,
      workerAttributes: w.attributes,
      taskAttributes: task.attributes,
      workflowSid: task.type.workflowSid,
      taskQueueSid: task.type.taskQueueSid,
      taskPriority: task.type.priority,
      taskCreatedAt: task.createdAt,
    });
    links.set(r.sid, { task, worker: w });
    task.pending.add(r.sid);
  }

  function finish(task: TaskState, status: 'completed' | 'canceled'): void {
    task.status = status;
    counts[status] += 1;
    tasks.delete(task.sid); // a long rehearsal keeps only the open tasks in hand
    if (task.cancelTimer) {
      timers.cancel(task.cancelTimer);
    }
    for (const sid of [...task.pending]) {
      sim.setReservationStatus(sid, 'canceled');
    }
    onFinished();
  }

  function onAccepted(sid: string, task: TaskState, w: PoolWorker): void {
    task.pending.delete(sid);
    task.status = 'assigned';
    w.state = 'busy';
    for (const other of [...task.pending]) {
      sim.setReservationStatus(other, 'rescinded');
    }
    const settle = (to: 'wrapping' | 'completed') => {
      if (['accepted', 'wrapping'].includes(sim.reservation(sid)?.status ?? '')) {
        sim.setReservationStatus(sid, to);
      }
    };
    const wrapup = drawDuration(task.type.wrapupSeconds, random);
    later(drawDuration(task.type.handlingSeconds, random), () => {
      if (wrapup > 0) {
        settle('wrapping');
        later(wrapup, () => settle('completed'));
      } else {
        settle('completed');
      }
    });
  }

  function onDeclined(sid: string, task: TaskState, w: PoolWorker, cooldownSeconds: number): void {
    task.pending.delete(sid);
    task.declined.add(w.spec.sid);
    pool.release(w, cooldownSeconds);
    if (task.status === 'reserved' && task.pending.size === 0) {
      if (task.offers >= MAX_ASSIGNMENT_COUNT) {
        finish(task, 'canceled');
      } else {
        task.status = 'waiting';
      }
    }
  }

  const unsubscribe = sim.onReservationChange(({ reservation: r, from }: ReservationChange) => {
    const link = links.get(r.sid);
    if (!link || from === null || from === r.status) {
      return;
    }
    const { task, worker } = link;
    if (r.status !== 'accepted' && r.status !== 'wrapping') {
      links.delete(r.sid); // every other status is the end of this reservation
    }
    switch (r.status) {
      case 'accepted':
        onAccepted(r.sid, task, worker);
        break;
      case 'rejected':
        onDeclined(r.sid, task, worker, scenario.rejectCooldownSeconds);
        break;
      case 'timeout':
        onDeclined(r.sid, task, worker, scenario.timeoutCooldownSeconds);
        break;
      case 'rescinded':
      case 'canceled':
        task.pending.delete(r.sid);
        pool.release(worker, 0);
        break;
      case 'completed':
        pool.release(worker, 0);
        if (task.status === 'assigned') {
          finish(task, 'completed');
        }
        break;
      default:
        break;
    }
  });

  return {
    addTask(sid, type, attributes) {
      const task: TaskState = {
        sid,
        type,
        attributes,
        createdAt: clock.now(),
        status: 'waiting',
        pending: new Set(),
        declined: new Set(),
        offers: 0,
        cancelTimer: null,
      };
      tasks.set(sid, task);
      counts.arrived += 1;
      if (type.cancelAfterSeconds !== null) {
        task.cancelTimer = later(type.cancelAfterSeconds, () => {
          if (task.status === 'waiting' || task.status === 'reserved') {
            finish(task, 'canceled');
          }
        });
      }
      scheduleDispatch();
    },
    open: () => counts.arrived - counts.completed - counts.canceled,
    stats() {
      const by = (s: TaskState['status']) =>
        [...tasks.values()].filter((t) => t.status === s).length;
      return {
        ...counts,
        waiting: by('waiting'),
        reserved: by('reserved'),
        assigned: by('assigned'),
      };
    },
    stop() {
      unsubscribe();
      timers.clear();
    },
  };
}
