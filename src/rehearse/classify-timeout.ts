import type { CallbackRecord } from '../simulator/types.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { TimeoutCause } from './rehearsal-report.js';

/** What each cause means, for people. */
export const TIMEOUT_CAUSE_TEXT: Readonly<Record<TimeoutCause, string>> = {
  'no-match-leave': 'no rule matched and onNoMatch is leave',
  'expired-in-queue': 'expired in queue: the update was not sent before the deadline',
  'rest-failed': 'the REST update failed (refused, or retried until the deadline)',
  'inline-refused': 'TaskRouter refused the inline instruction',
  'left-pending': 'the instruction left it pending (call or redirect without accept)',
  'callback-failed': 'the Assignment Callback got no usable answer',
  other: 'other',
};

/**
 * Why a reservation that timed out did: from the service's record of it (null when none was
 * kept) and the Assignment Callbacks the simulator sent for it.
 */
export function classifyTimeout(
  record: ReservationRecord | null,
  callbacks: readonly CallbackRecord[],
): TimeoutCause {
  if (record === null) {
    return callbacks.some((c) => c.outcome === 'failed' || c.outcome === 'warning')
      ? 'callback-failed'
      : 'other';
  }
  if (record.instruction === 'leave') {
    return 'no-match-leave';
  }
  if (record.mode === 'inline') {
    if (callbacks.some((c) => c.outcome === 'instruction-failed')) {
      return 'inline-refused';
    }
    return callbacks.some((c) => c.outcome === 'instruction') ? 'left-pending' : 'callback-failed';
  }
  if (record.state === 'failed' || record.lastError !== undefined) {
    return 'rest-failed';
  }
  // Applied (200) and still pending until it timed out: only call/redirect without accept do that.
  return record.state === 'done' ? 'left-pending' : 'expired-in-queue';
}
