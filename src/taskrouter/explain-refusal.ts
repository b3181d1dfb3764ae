import type { Failure } from './classify-failure.js';

/**
 * What a refusal that ends a job means and how to fix it, for the record's `lastError` (where the
 * admin API and the timeline show it) and the worker's log. Meanings from
 * https://www.twilio.com/docs/api/errors/20003 and /20404.
 */
export function explainRefusal(failure: Failure): string {
  if (failure.kind !== 'rejected' || failure.refusal === 'request') {
    return failure.label;
  }
  const meaning =
    failure.refusal === 'credentials'
      ? 'authentication failed: TaskRouter refused the credentials; check TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or TWILIO_API_KEY with TWILIO_API_SECRET) and that TASKROUTER_BASE_URL is where they belong'
      : 'not found: no such workspace, task or reservation under this account; check that the credentials are those of the account that owns the workspace';
  return `${failure.label}: ${meaning}`;
}
