import { Router, type Request } from 'express';
import { AppError } from '../shared/errors.js';
import {
  RESERVATION_STATES,
  RESERVATION_STATUSES,
  TERMINAL_STATES,
  type ReservationRecord,
  type ReservationState,
} from '../state/reservation-record.js';
import type { ReservationStore } from '../state/reservation-store.js';
import type { RulesSource } from '../rules/rules-in-force.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';
import type { ReservationSnapshot, TaskRouterGateway } from '../taskrouter/types.js';
import { callTaskRouter } from './call-taskrouter.js';
import { checkSid, readChoice, readFlag, readInt, readQuery } from './read-admin-query.js';
import { readTimeline, timelineUrlOf } from './read-timeline.js';

export interface AdminDeps {
  readonly store: ReservationStore;
  /** The marks of each reservation's timeline (REST attempts, events). */
  readonly timeline: Pick<ReservationTimeline, 'read'>;
  /** The rules in force, to say why a reservation's rule matched. */
  readonly rules: RulesSource;
  readonly gateway: Pick<TaskRouterGateway, 'fetchReservation' | 'listReservations'>;
  readonly now: () => number;
  /** Upper bound of one TaskRouter call made for the admin API. */
  readonly restTimeoutMs: number;
}

/** The states a reservation can be listed in: every state but the terminal ones. */
export const IN_FLIGHT_STATES: readonly ReservationState[] = RESERVATION_STATES.filter(
  (s) => !TERMINAL_STATES.has(s),
);

const LIMIT = { min: 1, max: 1000, default: 100 };
const NO_PAGING =
  'the Reservation list is read whole (TaskRouter does not paginate it); narrow it with WorkerSid or ReservationStatus.';

/**
 * The record as the admin API shows it: never a sealed field (they hold the instruction's phone
 * numbers and URIs), plus the deadline as a date, the time left and where its timeline page is.
 */
export function presentRecord(rec: ReservationRecord, now: number) {
  const visible = Object.fromEntries(
    Object.entries(rec).filter(([key]) => !key.startsWith('sealed')),
  ) as Omit<ReservationRecord, 'sealedResponse'>;
  return {
    ...visible,
    deadlineAt: new Date(rec.deadline).toISOString(),
    timeLeftMs: Math.max(0, rec.deadline - now),
    timelineUrl: timelineUrlOf(rec.reservationSid),
  };
}

/** A reservation as TaskRouter has it, without the transport's ETag. */
const presentSnapshot = ({ etag: _etag, ...rest }: ReservationSnapshot) => rest;

/**
 * `/admin/*` JSON routes (mounted behind the admin token by `createApp`):
 * - `GET /reservations?state=&limit=`: reservations in flight, soonest deadline first;
 * - `GET /reservations/:sid[?live=1]`: one record and its timeline, with `live=1` also
 *   TaskRouter's view now;
 * - `GET /tasks/:taskSid/reservations?workspaceSid=&WorkerSid=&ReservationStatus=`: TaskRouter's
 *   list of a task's reservations, each joined with this service's record of it.
 */
export function createAdminRouter(deps: AdminDeps): Router {
  const router = Router();

  router.get('/reservations', async (req, res) => {
    const q = readQuery(req.query, ['state', 'limit']);
    const state = readInFlightState(q.state);
    const limit = readInt('limit', q.limit, LIMIT);
    const records = await deps.store.listInFlight(state ? { state, limit } : { limit });
    const now = deps.now();
    res.json({
      state: state ?? null,
      limit,
      count: records.length,
      reservations: records.map((r) => presentRecord(r, now)),
    });
  });

  router.get('/reservations/:sid', async (req, res) => {
    const sid = checkSid('reservation', 'the reservation SID', param(req, 'sid'));
    const live = readFlag('live', readQuery(req.query, ['live']).live);
    const record = await deps.store.get(sid);
    if (!record) {
      throw new AppError(
        'ERR_NOT_FOUND',
        `No record of ${sid}; records are kept 15 minutes past their deadline. GET /admin/tasks/{TaskSid}/reservations?workspaceSid=WS… asks TaskRouter instead.`,
      );
    }
    const body = {
      ...presentRecord(record, deps.now()),
      timeline: await readTimeline(deps, record),
    };
    if (!live) {
      res.json(body);
      return;
    }
    const snapshot = await callTaskRouter(() =>
      deps.gateway.fetchReservation(
        { workspaceSid: record.workspaceSid, taskSid: record.taskSid, reservationSid: sid },
        { timeoutMs: deps.restTimeoutMs },
      ),
    );
    res.json({ ...body, live: presentSnapshot(snapshot) });
  });

  router.get('/tasks/:taskSid/reservations', async (req, res) => {
    const taskSid = checkSid('task', 'the task SID', param(req, 'taskSid'));
    const q = readQuery(req.query, ['workspaceSid', 'WorkerSid', 'ReservationStatus'], {
      Page: NO_PAGING,
      PageSize: NO_PAGING,
      PageToken: NO_PAGING,
    });
    if (q.workspaceSid === undefined) {
      throw new AppError(
        'ERR_ADMIN_REQUEST_INVALID',
        'workspaceSid is required (WS followed by 32 hex digits): the Workspace the task belongs to.',
      );
    }
    const workspaceSid = checkSid('workspace', 'workspaceSid', q.workspaceSid);
    const workerSid =
      q.WorkerSid === undefined ? undefined : checkSid('worker', 'WorkerSid', q.WorkerSid);
    const status = readChoice('ReservationStatus', q.ReservationStatus, RESERVATION_STATUSES);
    const filters = {
      ...(workerSid !== undefined && { workerSid }),
      ...(status !== undefined && { reservationStatus: status }),
    };
    const found = await callTaskRouter(() =>
      deps.gateway.listReservations(workspaceSid, taskSid, filters, {
        timeoutMs: deps.restTimeoutMs,
      }),
    );
    const records = await Promise.all(found.map((r) => deps.store.get(r.sid)));
    res.json({
      workspaceSid,
      taskSid,
      filters: { WorkerSid: workerSid ?? null, ReservationStatus: status ?? null },
      count: found.length,
      reservations: found.map((r, i) => ({ ...presentSnapshot(r), record: summary(records[i]) })),
    });
  });

  return router;
}

function readInFlightState(value: string | undefined): ReservationState | undefined {
  if (value !== undefined && TERMINAL_STATES.has(value as ReservationState)) {
    throw new AppError(
      'ERR_ADMIN_REQUEST_INVALID',
      `state ${value} is terminal, so never in flight; state must be one of ${IN_FLIGHT_STATES.join(', ')}. GET /admin/reservations/{sid} shows a record in any state.`,
    );
  }
  return readChoice('state', value, IN_FLIGHT_STATES);
}

/** What this service made of a reservation, for joining with TaskRouter's list. */
function summary(rec: ReservationRecord | null | undefined) {
  return rec
    ? { state: rec.state, rule: rec.rule, instruction: rec.instruction, mode: rec.mode }
    : null;
}

function param(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
}
