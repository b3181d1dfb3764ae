import type { ReservationJobData } from '../../src/queue/contract.js';
import { newSid } from './sids.js';

/** A valid job for an accept decided now, with new SIDs; tests override what they are about. */
export function aJobData(fields: Partial<ReservationJobData> = {}): ReservationJobData {
  const now = Date.now();
  return {
    reservationSid: newSid('WR'),
    taskSid: newSid('WT'),
    workspaceSid: newSid('WS'),
    kind: 'accept',
    rule: 'r',
    sealedParams: '',
    receivedAt: now,
    deadline: now + 60_000,
    ...fields,
  };
}
