import type { Instruction } from '../rules/types.js';

/**
 * The reservation status an instruction leaves behind once it took effect, so reconciliation can
 * tell "my update landed" from "something else settled it". `pending` for call and redirect
 * without `accept`: they succeed and leave the reservation pending.
 */
export function targetStatus(instruction: Instruction): 'accepted' | 'rejected' | 'pending' {
  switch (instruction.kind) {
    case 'reject':
      return 'rejected';
    case 'call':
    case 'redirect':
      return instruction.params.accept === true ? 'accepted' : 'pending';
    default:
      return 'accepted';
  }
}
