import { computeRetryDelay } from './compute-retry-delay.js';
import { finish } from './finish-job.js';
import { timeLeft, type JobContext, type JobOutcome } from './job-context.js';
import { explainRefusal } from '../taskrouter/explain-refusal.js';
import type { Failure } from '../taskrouter/classify-failure.js';

/** Why a retry was scheduled, as `tra_retries_total` labels it. */
export type RetryReason = 'rate_limited' | 'transient' | 'unconfirmed';

/**
 * The next attempt after a retryable failure: full-jitter backoff growing with the job's runs
 * (at least `Retry-After`), or `expired` when even that would leave no time before the deadline.
 * Counts the retry, once, under `reason` (by default what the failure was).
 */
export async function scheduleRetry(
  ctx: JobContext,
  failure: Failure,
  reason: RetryReason = failure.kind === 'rate-limited' ? 'rate_limited' : 'transient',
): Promise<JobOutcome> {
  const { deps } = ctx;
  const retryAfter = failure.kind === 'rate-limited' ? failure.retryAfterMs : undefined;
  const delay = computeRetryDelay(ctx.run, deps.policy, deps.random, retryAfter);
  if (timeLeft(ctx) - delay < deps.policy.minAttemptMs) {
    return finish(ctx, 'expired', 'deadline', { lastError: failure.label });
  }
  deps.metrics.retries.inc({ reason });
  await deps.store.patch(
    ctx.data.reservationSid,
    { state: 'queued', lastError: failure.label },
    { live: true },
  );
  ctx.log.warn(
    {
      attempt: ctx.attempt,
      run: ctx.run,
      error: failure.label,
      retryInMs: delay,
      msLeft: timeLeft(ctx),
    },
    'update failed; retrying',
  );
  return failure.kind === 'rate-limited'
    ? { kind: 'rate-limited', ms: delay }
    : { kind: 'retry', at: deps.now() + delay };
}

/**
 * Ends the job `failed` on a refusal retrying cannot change (credentials, not found, or a 4xx
 * while the reservation is pending), with the Twilio code and what it means on the record.
 */
export function failRefused(
  ctx: JobContext,
  failure: Failure & { kind: 'rejected' },
): Promise<JobOutcome> {
  const reason = failure.refusal === 'request' ? 'rejected' : failure.refusal;
  return finish(ctx, 'failed', reason, { lastError: explainRefusal(failure) });
}
