import type { ReservationView } from '../types.js';

/**
 * The twelve parameters of an Assignment Callback, exactly as documented (taskrouter-facts.md §1);
 * the attribute blobs are JSON strings, every value a string. `Timestamp` is not specified by
 * Twilio; the simulator sends epoch seconds.
 */
export function buildAssignmentParams(r: ReservationView, now: number): Record<string, string> {
  return {
    Timestamp: String(Math.floor(now / 1000)),
    AccountSid: r.accountSid,
    WorkspaceSid: r.workspaceSid,
    WorkflowSid: r.workflowSid ?? '',
    TaskQueueSid: r.taskQueueSid,
    WorkerSid: r.workerSid,
    WorkerAttributes: JSON.stringify(r.workerAttributes),
    TaskSid: r.taskSid,
    TaskAttributes: JSON.stringify(r.taskAttributes),
    TaskAge: String(Math.max(0, Math.floor((now - r.taskCreatedAt) / 1000))),
    TaskPriority: String(r.taskPriority),
    ReservationSid: r.sid,
  };
}

/** Event types by the reservation status that triggers them (`wrapping` → `reservation.wrapup`). */
export const RESERVATION_EVENT_TYPES: Readonly<Record<string, string>> = {
  created: 'reservation.created',
  accepted: 'reservation.accepted',
  rejected: 'reservation.rejected',
  timeout: 'reservation.timeout',
  canceled: 'reservation.canceled',
  rescinded: 'reservation.rescinded',
  completed: 'reservation.completed',
  wrapping: 'reservation.wrapup',
};

/** The task's assignment status that goes with a reservation status, for `TaskAssignmentStatus`. */
const TASK_STATUS: Readonly<Record<string, string>> = {
  pending: 'reserved',
  accepted: 'assigned',
  wrapping: 'wrapping',
  completed: 'completed',
  canceled: 'canceled',
};

/**
 * A reservation Event Callback: the common event fields plus the "Task Worker TaskQueueSid
 * ReservationSid WorkflowSid" field data of reservation events (taskrouter-facts.md §6).
 */
export function buildEventParams(
  r: ReservationView,
  eventType: string,
  now: number,
  workspaceName: string,
): Record<string, string> {
  return {
    EventType: eventType,
    AccountSid: r.accountSid,
    WorkspaceSid: r.workspaceSid,
    WorkspaceName: workspaceName,
    EventDescription: `Reservation ${r.sid} for task ${r.taskSid} and worker ${r.workerName}: ${eventType}`,
    ResourceType: 'Reservation',
    ResourceSid: r.sid,
    Timestamp: String(Math.floor(now / 1000)),
    TaskSid: r.taskSid,
    TaskAttributes: JSON.stringify(r.taskAttributes),
    TaskAge: String(Math.max(0, Math.floor((now - r.taskCreatedAt) / 1000))),
    TaskPriority: String(r.taskPriority),
    TaskAssignmentStatus: TASK_STATUS[r.status] ?? 'pending',
    WorkerSid: r.workerSid,
    WorkerName: r.workerName,
    WorkerAttributes: JSON.stringify(r.workerAttributes),
    TaskQueueSid: r.taskQueueSid,
    ReservationSid: r.sid,
    WorkflowSid: r.workflowSid ?? '',
  };
}
