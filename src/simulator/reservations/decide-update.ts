import { TWILIO_ERRORS } from '../twilio-error.js';
import type { ReservationStatus, ReservationView } from '../types.js';
import { findInstructionRule } from './instruction-rules.js';

/** What an UpdateTaskReservation / UpdateWorkerReservation request does to a reservation. */
export type UpdateOutcome =
  | {
      readonly ok: true;
      readonly to: ReservationStatus;
      /** `accept`, `reject`, `complete`, `wrap`, or the instruction name; null for an empty update. */
      readonly instruction: string | null;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: number;
      readonly message: string;
    };

/**
 * The code for a plain `ReservationStatus=accepted|rejected` on a reservation that is no longer
 * pending. Twilio documents no specific code for it (taskrouter-facts.md §3, "Open questions"),
 * only the instruction-specific ones (40114/40123/40135/40136); the simulator answers HTTP 400
 * with the generic invalid-parameter code and the wording Twilio uses for instructions.
 */
export const NOT_PENDING_STATUS_CODE = TWILIO_ERRORS.invalidParameter;

/** The statuses the API lets a client set, and the statuses each may be set from. */
const SETTABLE: Readonly<
  Partial<Record<ReservationStatus, { from: readonly ReservationStatus[]; verb: string }>>
> = {
  accepted: { from: ['pending'], verb: 'accept' },
  rejected: { from: ['pending'], verb: 'reject' },
  wrapping: { from: ['accepted'], verb: 'wrap' },
  completed: { from: ['accepted', 'wrapping'], verb: 'complete' },
};

/**
 * Decides an update from its form fields, as TaskRouter would: an `Instruction` is checked for
 * its required fields and a contact URI, and settles the reservation per its rule; otherwise
 * `ReservationStatus` moves it along pending → accepted|rejected, accepted → wrapping → completed.
 * Pure: the caller applies the outcome.
 */
export function decideUpdate(
  r: ReservationView,
  form: Readonly<Record<string, readonly string[]>>,
): UpdateOutcome {
  const first = (field: string): string | undefined => form[field]?.[0];
  const fail = (code: number, message: string): UpdateOutcome => ({
    ok: false,
    status: 400,
    code,
    message,
  });

  const instruction = first('Instruction');
  if (instruction !== undefined) {
    const rule = findInstructionRule(instruction);
    if (!rule) {
      return fail(
        TWILIO_ERRORS.invalidParameter,
        `Invalid Instruction "${instruction}": the simulator executes conference, dequeue, call and redirect (lower-case or capitalised)`,
      );
    }
    if (r.status !== 'pending') {
      return fail(
        rule.notPendingCode,
        `Unable to execute ${rule.label} instruction. Reservation ${r.sid} is not currently in a Pending state.`,
      );
    }
    for (const req of rule.required) {
      if (!first(req.field)) {
        return fail(req.code, `${rule.label} instruction: ${req.field} is required`);
      }
    }
    if (rule.contact && !first(rule.contact.field) && !hasContactUri(r.workerAttributes)) {
      return fail(
        rule.contact.code,
        `${rule.label} instruction: no ${rule.contact.field} given and worker ${r.workerSid} has no contact_uri attribute`,
      );
    }
    return { ok: true, to: rule.accepts(first) ? 'accepted' : 'pending', instruction: rule.name };
  }

  const status = first('ReservationStatus');
  if (status === undefined) {
    return { ok: true, to: r.status, instruction: null };
  }
  const settable = SETTABLE[status as ReservationStatus];
  if (!settable) {
    return fail(
      TWILIO_ERRORS.invalidParameter,
      `ReservationStatus "${status}" cannot be set through the API`,
    );
  }
  if (!settable.from.includes(r.status)) {
    const message =
      settable.from[0] === 'pending'
        ? `Reservation ${r.sid} is not currently in a Pending state (it is ${r.status}).`
        : `Reservation ${r.sid} cannot move from ${r.status} to ${status}.`;
    return fail(NOT_PENDING_STATUS_CODE, message);
  }
  return { ok: true, to: status as ReservationStatus, instruction: settable.verb };
}

function hasContactUri(attributes: Readonly<Record<string, unknown>>): boolean {
  const uri = attributes.contact_uri;
  return typeof uri === 'string' && uri.length > 0;
}
