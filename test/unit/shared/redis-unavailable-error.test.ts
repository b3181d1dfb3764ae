import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.js';
import {
  isRedisUnavailable,
  RedisUnavailableError,
  toRedisUnavailable,
} from '../../../src/shared/redis-unavailable-error.js';

describe('toRedisUnavailable', () => {
  it.each([
    "Stream isn't writeable and enableOfflineQueue options is false",
    "Cluster isn't ready and enableOfflineQueue options is false",
  ])('when ioredis refused the command unsent (%s), then mayHaveRun is false', (message) => {
    const err = toRedisUnavailable(new Error(message));
    expect(err).toMatchObject({
      code: 'ERR_REDIS_UNAVAILABLE',
      status: 503,
      retryable: true,
      mayHaveRun: false,
    });
    expect(err.cause).toBeInstanceOf(Error);
  });

  it.each(['Command timed out', 'Connection is closed.', 'read ECONNRESET', 'anything else'])(
    'when the command failed with "%s", then it may have run',
    (message) => {
      expect(toRedisUnavailable(new Error(message)).mayHaveRun).toBe(true);
    },
  );

  it('when the error is already typed, then it passes through unchanged', () => {
    const typed = new RedisUnavailableError(false);
    expect(toRedisUnavailable(typed)).toBe(typed);
    expect(isRedisUnavailable(typed)).toBe(true);
    expect(typed).toBeInstanceOf(AppError);
    expect(isRedisUnavailable(new Error("Stream isn't writeable"))).toBe(false);
  });
});
