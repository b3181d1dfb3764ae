import { classifyFailure } from '../../taskrouter/classify-failure.js';
import { redactUrl } from '../shared/redact-url.js';
import { guideFor } from './twilio-errors.js';

export interface FailureContext {
  /** `fetch reservation WR…`, `list reservations of task WT…`, `update reservation WR…`. */
  readonly what: string;
  /** Whether the request could have changed something (an update). */
  readonly mutating: boolean;
  /** TASKROUTER_BASE_URL, for network errors. */
  readonly baseUrl: string;
}

interface RestLike {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly moreInfo?: unknown;
}

/**
 * Lines for stderr explaining why a call failed and what to do: the error catalog code
 * (`ERR_TASKROUTER_REJECTED` or `ERR_TASKROUTER_UNAVAILABLE`), HTTP status and Twilio code,
 * Twilio's own message, what the code means and what to do next. Never includes credentials.
 */
export function describeFailure(err: unknown, ctx: FailureContext): string[] {
  const failure = classifyFailure(err);
  const e = (err ?? {}) as RestLike;
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined;
    const catalog =
      failure.kind === 'rejected' ? 'ERR_TASKROUTER_REJECTED' : 'ERR_TASKROUTER_UNAVAILABLE';
    const codeText = code === undefined ? '' : `, Twilio error ${code}`;
    const verb = failure.kind === 'rejected' ? 'refused to' : 'failed to';
    const lines = [`${catalog}: TaskRouter ${verb} ${ctx.what} (HTTP ${e.status}${codeText})`];
    if (typeof e.message === 'string' && e.message !== '') {
      lines.push(`  Twilio says: ${e.message}`);
    }
    const guide = guideFor(code, e.status);
    if (guide !== undefined) {
      lines.push(`  meaning: ${guide.meaning}`, `  what to do: ${guide.action}`);
    }
    const more =
      typeof e.moreInfo === 'string' && e.moreInfo !== ''
        ? e.moreInfo
        : code === undefined
          ? undefined
          : `https://www.twilio.com/docs/errors/${code}`;
    if (more !== undefined) {
      lines.push(`  more: ${more}`);
    }
    return lines;
  }
  const where = redactUrl(ctx.baseUrl);
  const reason = err instanceof Error && err.message !== '' ? err.message : failure.label;
  const lines = [
    `ERR_TASKROUTER_UNAVAILABLE: could not ${ctx.what}: ${reason}${failure.label === reason ? '' : ` (${failure.label})`}`,
  ];
  if (failure.kind === 'retryable' && failure.applied === 'no') {
    lines.push(
      `  meaning: TaskRouter at ${where} could not be reached; nothing was sent`,
      '  what to do: check TASKROUTER_BASE_URL and the network, then retry',
    );
  } else {
    lines.push(
      ctx.mutating
        ? '  meaning: the request was sent but no answer came back: the update may or may not have taken effect'
        : `  meaning: TaskRouter at ${where} did not answer`,
      ctx.mutating
        ? '  what to do: run `reservations fetch` to see whether it did before retrying; --timeout-ms waits longer'
        : '  what to do: retry; --timeout-ms waits longer',
    );
  }
  return lines;
}
