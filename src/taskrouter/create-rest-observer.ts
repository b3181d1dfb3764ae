import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';
import type { Failure } from './classify-failure.js';
import { createCredentialsAlarm } from './create-credentials-alarm.js';

/** The REST operations the gateway makes, as the `operation` label names them. */
export type RestOperation = 'update' | 'fetch' | 'list' | 'workflow';

/** Sees every TaskRouter REST call once, with its duration and its failure (null on success). */
export interface RestObserver {
  observe(operation: RestOperation, seconds: number, failure: Failure | null): void;
}

/**
 * Times and counts each call into `tra_rest_duration_seconds` and `tra_rest_results_total`, and
 * raises the credentials alarm on a 401/403 (cleared by the next success).
 */
export function createRestObserver(deps: {
  metrics: Metrics;
  log: Logger;
  now: () => number;
  credentialsAlarmIntervalMs?: number;
}): RestObserver {
  const alarm = createCredentialsAlarm({
    gauge: deps.metrics.credentialsFailing,
    log: deps.log,
    now: deps.now,
    ...(deps.credentialsAlarmIntervalMs === undefined
      ? {}
      : { intervalMs: deps.credentialsAlarmIntervalMs }),
  });
  return {
    observe(operation, seconds, failure) {
      deps.metrics.restSeconds.observe({ operation }, seconds);
      deps.metrics.restResults.inc({
        operation,
        status_class: failure ? failure.statusClass : '2xx',
        twilio_code: failure ? failure.twilioCode : '',
      });
      if (!failure) {
        alarm.accepted();
      } else if (failure.kind === 'rejected' && failure.refusal === 'credentials') {
        alarm.refused(failure);
      }
    },
  };
}
