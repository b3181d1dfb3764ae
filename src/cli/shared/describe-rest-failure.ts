import { redactUrl } from './redact-url.js';

interface RestLike {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

const HINTS: Readonly<Record<number, string>> = {
  20003:
    'check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET): TaskRouter did not accept them',
  20404: 'check the SIDs: the Workspace or Workflow does not exist in this account',
};

/**
 * Lines explaining why a Workspace or Workflow request failed (catalog code, HTTP status,
 * Twilio code and message, what to do). Never includes credentials.
 */
export function describeRestFailure(err: unknown, baseUrl: string): string[] {
  const e = (err ?? {}) as RestLike;
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined;
    const message = typeof e.message === 'string' ? e.message : '';
    const lines = [
      `ERR_TASKROUTER_REJECTED: TaskRouter answered HTTP ${e.status}${code === undefined ? '' : `, Twilio error ${code}`}: ${message}`,
    ];
    const hint = code === undefined ? undefined : HINTS[code];
    if (hint !== undefined) {
      lines.push(`  what to do: ${hint}`);
    }
    return lines;
  }
  const reason = err instanceof Error ? err.message : String(err);
  return [
    `ERR_TASKROUTER_UNAVAILABLE: TaskRouter at ${redactUrl(baseUrl)} did not answer: ${reason}`,
    '  what to do: check TASKROUTER_BASE_URL and the network, then run the command again',
  ];
}
