export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Exponential backoff with full jitter (a random delay between 0 and base·2^(attempt-1), capped),
 * so retries after a shared failure spread out instead of arriving together. A `Retry-After`
 * from TaskRouter is a floor.
 */
export function computeRetryDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
