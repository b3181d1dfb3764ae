import { AppError } from '../shared/errors.js';
import { classifyFailure } from '../taskrouter/classify-failure.js';

/** What the admin API tells a caller about a failed TaskRouter call: Twilio's code, not a stack. */
export interface TwilioFailure {
  /** Twilio's error code (e.g. 20404), or null for a network failure or timeout. */
  readonly code: number | null;
  /** The HTTP status TaskRouter answered, or null when it did not answer. */
  readonly status: number | null;
  /** Twilio's message, or the network error's name. */
  readonly message: string;
  readonly moreInfo: string | null;
}

/**
 * ERR_TASKROUTER_REJECTED (a 4xx other than 429) or ERR_TASKROUTER_UNAVAILABLE (429, 5xx,
 * network, timeout), carrying the Twilio details the error handler adds to the JSON answer.
 */
export class TaskRouterCallError extends AppError {
  readonly expose: { readonly twilio: TwilioFailure };

  constructor(failure: TwilioFailure, rejected: boolean, cause: unknown) {
    const what = failure.code !== null ? `Twilio error ${failure.code}` : failure.message;
    const status = failure.status !== null ? ` (HTTP ${failure.status})` : '';
    super(
      rejected ? 'ERR_TASKROUTER_REJECTED' : 'ERR_TASKROUTER_UNAVAILABLE',
      `${what}${status}.`,
      {
        cause,
      },
    );
    this.expose = { twilio: failure };
  }
}

/**
 * Runs one admin-side TaskRouter call, turning a failure into a TaskRouterCallError (the gateway
 * has already timed and counted it).
 */
export async function callTaskRouter<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const failure = classifyFailure(err);
    throw new TaskRouterCallError(describe(err, failure.label), failure.kind === 'rejected', err);
  }
}

function describe(err: unknown, label: string): TwilioFailure {
  const e = (err ?? {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    moreInfo?: unknown;
  };
  const status = typeof e.status === 'number' ? e.status : null;
  return {
    code: typeof e.code === 'number' ? e.code : null,
    status,
    // A network error's message can carry addresses and URLs; its name says enough.
    message: status !== null && typeof e.message === 'string' ? e.message.slice(0, 300) : label,
    moreInfo: typeof e.moreInfo === 'string' ? e.moreInfo : null,
  };
}
