import type { ReservationContextUpdateOptions } from 'twilio/lib/rest/taskrouter/v1/workspace/task/reservation.js';
import type { Instruction, InstructionParams, ParamValue } from '../rules/types.js';

type Options = Record<string, ParamValue>;

// The Reservation document prefixes the Dequeue, Call and Redirect fields with the instruction's
// name (DequeueFrom, CallUrl, RedirectCallSid); the library's option names follow suit in camelCase.
const prefixed = (prefix: string, params: InstructionParams): Options => {
  const out: Options = {};
  for (const [name, value] of Object.entries(params)) {
    out[prefix + name.charAt(0).toUpperCase() + name.slice(1)] = value;
  }
  return out;
};

/**
 * Maps an instruction to the twilio library's update options; the library turns them into the
 * PascalCase form fields of UpdateTaskReservation (arrays as repeated fields, booleans as
 * "true"/"false").
 */
export function toUpdateOptions(instruction: Instruction): ReservationContextUpdateOptions {
  const { kind, params } = instruction;
  switch (kind) {
    case 'accept':
      return { reservationStatus: 'accepted' };
    case 'reject': {
      const activity = params.activitySid;
      return typeof activity === 'string'
        ? { reservationStatus: 'rejected', workerActivitySid: activity }
        : { reservationStatus: 'rejected' };
    }
    case 'conference':
      // The conference fields are the Participant API's own names, unprefixed.
      return { instruction: 'conference', ...(params as ReservationContextUpdateOptions) };
    case 'dequeue':
      return { instruction: 'dequeue', ...prefixed('dequeue', params) };
    case 'call':
      return { instruction: 'call', ...prefixed('call', params) };
    case 'redirect':
      return { instruction: 'redirect', ...prefixed('redirect', params) };
  }
}
