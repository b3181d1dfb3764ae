import { computeRetryDelay } from './compute-retry-delay.js';
import { finish } from './finish-job.js';
import { timeLeft, type JobContext, type JobOutcome } from './job-context.js';
import type { Failure } from '../taskrouter/classify-failure.js';

/**
 * The next attempt after a retryable failure: full-jitter backoff (at least `Retry-After`), or
 * `expired` when even that would leave no time before the deadline.
 */
export async function scheduleRetry(ctx: JobContext, failure: Failure): Promise<JobOutcome> {
  const { deps } = ctx;
  const retryAfter = failure.kind === 'rate-limited' ? failure.retryAfterMs : undefined;
  const delay = computeRetryDelay(ctx.attempt, deps.policy, deps.random, retryAfter);
  if (timeLeft(ctx) - delay < deps.policy.minAttemptMs) {
    return finish(ctx, 'expired', 'deadline', { lastError: failure.label });
  }
  const reason = failure.kind === 'rate-limited' ? 'rate_limited' : 'transient';
  deps.metrics.retries.inc({ reason });
  await deps.store.patch(
    ctx.data.reservationSid,
    { state: 'queued', lastError: failure.label },
    { live: true },
  );
  ctx.log.warn(
    { attempt: ctx.attempt, error: failure.label, retryInMs: delay, msLeft: timeLeft(ctx) },
    'update failed; retrying',
  );
  return failure.kind === 'rate-limited'
    ? { kind: 'rate-limited', ms: delay }
    : { kind: 'retry', at: deps.now() + delay };
}
