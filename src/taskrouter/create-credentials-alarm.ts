import type { Gauge } from 'prom-client';
import type { Logger } from '../shared/logger.js';
import type { Failure } from './classify-failure.js';

export interface CredentialsAlarm {
  /** A call was refused for its credentials (401/403). */
  refused(failure: Failure): void;
  /** A call succeeded: whatever was wrong with the credentials is not any more. */
  accepted(): void;
}

/**
 * Makes refused credentials loud without making them noisy: the gauge stays 1 while the last
 * call was refused for its credentials (an alert reads it), and the log gets ONE error line per
 * `intervalMs` saying how many calls were refused since the last line, however many jobs fail.
 */
export function createCredentialsAlarm(deps: {
  gauge: Gauge;
  log: Logger;
  now: () => number;
  /** @defaultValue 60000 */
  intervalMs?: number;
}): CredentialsAlarm {
  const intervalMs = deps.intervalMs ?? 60_000;
  let failing = false;
  let lastLineAt = -Infinity;
  let refusedSinceLine = 0;
  return {
    refused(failure) {
      failing = true;
      deps.gauge.set(1);
      refusedSinceLine += 1;
      const at = deps.now();
      if (at - lastLineAt < intervalMs) {
        return;
      }
      deps.log.error(
        { error: failure.label, refusedCalls: refusedSinceLine, nextReminderInMs: intervalMs },
        'TaskRouter refuses this process’s credentials: every REST update fails until TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or TWILIO_API_KEY with TWILIO_API_SECRET) are fixed',
      );
      lastLineAt = at;
      refusedSinceLine = 0;
    },
    accepted() {
      if (!failing) {
        return;
      }
      failing = false;
      deps.gauge.set(0);
      deps.log.info('TaskRouter accepts the credentials again');
      // The next refusal is a new incident and gets its line at once.
      lastLineAt = -Infinity;
      refusedSinceLine = 0;
    },
  };
}
