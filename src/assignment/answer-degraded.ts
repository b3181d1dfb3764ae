import type { Decision } from '../rules/types.js';
import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';
import { isRedisUnavailable } from '../shared/redis-unavailable-error.js';
import { targetStatus } from '../taskrouter/target-status.js';
import { toInlineResponse } from '../taskrouter/to-inline-response.js';
import { EMPTY_ANSWER, type AssignmentAnswer } from './assignment-answer.js';
import { failureReason } from './failure-reason.js';

/**
 * Whether a job may exist after the add ended as `queue` (undefined: still in flight when the
 * budget was spent). Only a typed refusal that never reached Redis says it does not.
 */
export function jobMayExist(queue: PromiseSettledResult<void> | undefined): boolean {
  return (
    queue?.status !== 'rejected' || !isRedisUnavailable(queue.reason) || queue.reason.mayHaveRun
  );
}

/**
 * Without Redis (or past the budget) the callback is still answered in time: with the
 * instruction inline when it can be expressed exactly, else `{}`. One exception: when a job may
 * already be queued (the add may have run), an instruction whose repetition is not harmless —
 * call or redirect without `accept`, which would ring twice — is left to that job.
 */
export function answerDegraded(
  why: unknown,
  mayExist: boolean,
  decision: Decision,
  log: Logger,
  metrics: Metrics,
): AssignmentAnswer {
  metrics.callbacks.inc({ outcome: 'degraded' });
  metrics.degraded.set(1);
  const instruction = decision.instruction;
  const inline = instruction ? toInlineResponse(instruction) : undefined;
  const repeatable = instruction !== null && targetStatus(instruction) !== 'pending';
  const answer = inline?.exact && (!mayExist || repeatable) ? inline.body : EMPTY_ANSWER;
  log.error(
    {
      err: failureReason(why),
      rule: decision.rule,
      instruction: instruction?.kind,
      answeredInline: answer !== EMPTY_ANSWER,
      jobMayExist: mayExist,
    },
    'Redis unavailable: answering without recording (degraded mode)',
  );
  return answer;
}
