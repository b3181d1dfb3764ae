import type { ReservationRecord } from '../../src/state/reservation-record.js';

/** A valid async reservation record; tests override what they are about. */
export function aRecord(fields: Partial<ReservationRecord> = {}): ReservationRecord {
  return {
    reservationSid: 'WR',
    taskSid: 'WT',
    workerSid: 'WK',
    workspaceSid: 'WS',
    workflowSid: 'WW',
    taskQueueSid: 'WQ',
    state: 'decided',
    mode: 'async',
    rule: 'r',
    instruction: 'accept',
    rulesVersion: 'v',
    receivedAt: 0,
    deadline: 60_000,
    deliveries: 1,
    attempts: 0,
    updatedAt: 0,
    ...fields,
  };
}
