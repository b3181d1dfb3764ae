import { AppError } from './errors.js';

/**
 * ERR_REDIS_UNAVAILABLE: a Redis command failed or could not be sent. `mayHaveRun` tells whether
 * Redis may have executed it anyway: false only when the command never left the process (ioredis
 * refused it with its offline queue off, or the connection was not ready); a timeout or a dropped
 * connection may come after Redis ran it, so those are true.
 */
export class RedisUnavailableError extends AppError {
  readonly mayHaveRun: boolean;

  constructor(mayHaveRun: boolean, options?: { cause?: unknown }) {
    super('ERR_REDIS_UNAVAILABLE', undefined, options);
    this.mayHaveRun = mayHaveRun;
  }
}

export function isRedisUnavailable(err: unknown): err is RedisUnavailableError {
  return err instanceof RedisUnavailableError;
}

// ioredis has no error types: these are the messages of the refusals it makes before writing a
// command with its offline queue off. ("Connection is closed." is not one: ioredis also fails
// commands already written with it when a connection drops.) This is the one place that reads
// them; everything else tests the type.
const NEVER_SENT = /^(Stream isn't writeable|Cluster isn't ready)/;

/** Wraps what ioredis or BullMQ threw into the typed signal; an already typed error passes through. */
export function toRedisUnavailable(err: unknown): RedisUnavailableError {
  if (err instanceof RedisUnavailableError) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new RedisUnavailableError(!NEVER_SENT.test(message), { cause: err });
}
