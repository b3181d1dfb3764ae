import { describe, expect, it } from 'vitest';
import { computeRetryDelay } from '../../../src/queue/compute-retry-delay.js';

const policy = { baseMs: 100, maxMs: 1000 };

describe('computeRetryDelay', () => {
  it.each([
    [1, 0.999, 99],
    [2, 0.999, 199],
    [3, 0.5, 200],
    [10, 0.999, 999],
    [4, 0, 0],
  ])(
    'when attempt %i draws %f, then the delay is %i ms (full jitter under base·2^(n-1), capped)',
    (attempt, r, ms) => {
      expect(computeRetryDelay(attempt, policy, () => r)).toBe(ms);
    },
  );

  it('when TaskRouter sent Retry-After, then the delay is at least that', () => {
    expect(computeRetryDelay(1, policy, () => 0.5, 3000)).toBe(3000);
    expect(computeRetryDelay(5, policy, () => 0.999, 10)).toBe(999);
  });
});
