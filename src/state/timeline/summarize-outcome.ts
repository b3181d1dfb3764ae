import type { ReservationRecord } from '../reservation-record.js';
import type { AttemptMark } from './timeline-mark.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function answerOf(a: AttemptMark): string {
  if (a.httpStatus === null) {
    return `no answer (${a.error ?? 'no response'})`;
  }
  return a.twilioCode === null
    ? `HTTP ${a.httpStatus}`
    : `HTTP ${a.httpStatus}, Twilio ${a.twilioCode}`;
}

/**
 * Why a reservation ended as it did, in one sentence, from its record and the REST attempts kept.
 * Each state and reason of `reservation-record.ts` has its own wording.
 */
export function summarizeOutcome(
  rec: ReservationRecord,
  attempts: readonly AttemptMark[],
  now: number,
): string {
  const last = attempts[attempts.length - 1];
  const tried = `${plural(rec.attempts, 'update attempt')}${last ? `, the last answered ${answerOf(last)}` : ''}`;
  const margin = rec.finishedAt === undefined ? 0 : rec.deadline - rec.finishedAt;
  const status = rec.reservationStatus ?? 'unknown';
  switch (`${rec.state}/${rec.reason ?? ''}`) {
    case 'done/inline':
      return 'Answered inline: the instruction went back in the callback response; no REST call was needed.';
    case 'done/updated':
      return `TaskRouter took the update (${last ? answerOf(last) : 'HTTP 200'}), ${margin} ms before the deadline; status ${status}.`;
    case 'done/reconciled':
      return `A fetch showed the update had already taken effect (status ${status}), ${margin} ms before the deadline.`;
    case 'skipped/no-match':
      return 'No rule matched and onNoMatch is leave: nothing was sent, TaskRouter times the reservation out.';
    case 'skipped/event':
      return `TaskRouter settled the reservation first (${rec.lastEvent ?? 'an event'}): the update was dropped.`;
    case 'skipped/not-pending':
      return `The reservation was no longer pending (status ${status}) when the worker looked: nothing to send.`;
    case 'failed/rejected':
      return `TaskRouter refused the update while the reservation was pending (${rec.lastError ?? 'no error recorded'}).`;
    case 'failed/job-failed':
      return `The job failed outright, out of attempts or stalled (${rec.lastError ?? 'no error recorded'}).`;
    case 'expired/deadline':
      return `The deadline passed before an update took effect: ${tried}.`;
    case 'expired/swept':
      return `Nothing finished it by its deadline; the sweeper recorded it expired after ${tried}.`;
    default:
      break;
  }
  if (rec.finishedAt !== undefined) {
    return `Ended ${rec.state}${rec.reason ? ` (${rec.reason})` : ''} after ${tried}.`;
  }
  const left = rec.deadline - now;
  return left >= 0
    ? `In flight (${rec.state}): ${left} ms left before the deadline; ${tried}.`
    : `Still ${rec.state} ${-left} ms past its deadline; the sweeper will record it expired.`;
}
