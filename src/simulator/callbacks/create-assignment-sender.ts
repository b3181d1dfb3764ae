import type { ReservationBook } from '../reservations/create-reservation-book.js';
import { decideUpdate } from '../reservations/decide-update.js';
import {
  RULE_HEADER,
  type CallbackRecord,
  type ReservationView,
  type SimClock,
  type WorkflowSettings,
} from '../types.js';
import { buildAssignmentParams } from './build-callback-params.js';
import { classifyAssignmentResponse } from './classify-assignment-response.js';
import type { SignedPoster } from './create-signed-poster.js';
import { inlineInstructionToForm } from './inline-instruction-to-form.js';

export interface AssignmentSenderDeps {
  readonly poster: SignedPoster;
  readonly clock: SimClock;
  readonly book: ReservationBook;
  readonly workflows: ReadonlyMap<string, WorkflowSettings>;
  /** Real ms TaskRouter waits for an answer before it gives up (and calls the fallback). */
  readonly timeoutMs: number;
  readonly record: (c: CallbackRecord) => void;
}

/** Instruction warnings the simulator reports, like TaskRouter's Debugger would. */
const UNKNOWN_INSTRUCTION = 55555;

/**
 * Sends a reservation's Assignment Callback to its workflow's URL, honours an instruction in the
 * answer, and calls the fallback URL (same parameters, signed for that URL) when the first call
 * fails. Resolves when done; never rejects.
 */
export function createAssignmentSender(
  deps: AssignmentSenderDeps,
): (r: ReservationView) => Promise<void> {
  async function attempt(
    kind: 'assignment' | 'fallback',
    url: string,
    r: ReservationView,
    params: Record<string, string>,
  ): Promise<boolean> {
    const sentAt = deps.clock.now();
    const res = await deps.poster.post(url, params, deps.timeoutMs);
    const answer = classifyAssignmentResponse(res);
    const rule = res.headers[RULE_HEADER];
    const base = {
      kind,
      url,
      reservationSid: r.sid,
      sentAt,
      status: res.status,
      durationMs: res.durationMs,
      ...(rule !== undefined && { rule }),
    };
    switch (answer.kind) {
      case 'instruction':
        deps.record({ ...base, ...applyInline(r.sid, answer.body) });
        return false;
      case 'deferred':
        deps.record({ ...base, outcome: 'deferred' });
        return false;
      case 'warning':
        deps.record({ ...base, outcome: 'warning', code: answer.code, error: answer.message });
        return false;
      case 'failed':
        deps.record({
          ...base,
          outcome: 'failed',
          error: answer.message,
          ...(answer.code !== undefined && { code: answer.code }),
        });
        return true;
    }
  }

  function applyInline(
    sid: string,
    body: Readonly<Record<string, unknown>>,
  ): Pick<CallbackRecord, 'outcome' | 'code' | 'instruction' | 'error'> {
    const instruction =
      typeof body.instruction === 'string' ? body.instruction : String(body.instruction);
    const current = deps.book.get(sid);
    const form = current ? inlineInstructionToForm(body, current.taskAttributes) : null;
    if (!current || !form) {
      return {
        outcome: 'warning',
        code: UNKNOWN_INSTRUCTION,
        instruction,
        error: 'Invalid Instruction passed to TaskRouter',
      };
    }
    const outcome = decideUpdate(current, form);
    if (!outcome.ok) {
      return {
        outcome: 'instruction-failed',
        code: outcome.code,
        instruction,
        error: outcome.message,
      };
    }
    if (outcome.instruction !== null) {
      deps.book.transition(sid, outcome.to, 'callback-response', outcome.instruction);
    }
    return { outcome: 'instruction', instruction };
  }

  return async (r) => {
    const wf = r.workflowSid === null ? undefined : deps.workflows.get(r.workflowSid);
    if (!wf?.assignmentCallbackUrl) {
      return;
    }
    const params = buildAssignmentParams(r, deps.clock.now());
    const failed = await attempt('assignment', wf.assignmentCallbackUrl, r, params);
    if (failed && wf.fallbackAssignmentCallbackUrl) {
      await attempt('fallback', wf.fallbackAssignmentCallbackUrl, r, params);
    }
  };
}
