import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the service exports. Labels are bounded by construction: outcomes, states and
 * instruction kinds are fixed sets; rule names come from the rules files; Twilio error codes are a
 * finite catalog. No label carries a SID, a phone number or a URL.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly callbacks: Counter<'outcome'>;
  readonly decisions: Counter<'rule' | 'instruction' | 'mode'>;
  readonly callbackSeconds: Histogram<'route'>;
  readonly queueWaitSeconds: Histogram;
  readonly restSeconds: Histogram<'operation'>;
  readonly restResults: Counter<'operation' | 'status_class' | 'twilio_code'>;
  readonly retries: Counter<'reason'>;
  readonly deadlineMarginSeconds: Histogram;
  readonly finished: Counter<'state' | 'reason'>;
  readonly events: Counter<'type' | 'known'>;
  readonly rulesReloads: Counter<'result'>;
  readonly rulesInfo: Gauge<'version'>;
  readonly degraded: Gauge;
  readonly recordWritesLost: Counter<'route'>;
  readonly credentialsFailing: Gauge;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const MARGIN = [0, 1, 2, 5, 10, 20, 30, 60, 120, 300];

/** @param opts.defaultMetrics - also export Node process metrics (on in the entry files). */
export function createMetrics(opts: { defaultMetrics?: boolean; prefix?: string } = {}): Metrics {
  const registry = new Registry();
  const p = opts.prefix ?? 'tra_';
  if (opts.defaultMetrics) {
    collectDefaultMetrics({ register: registry });
  }
  const registers = [registry];
  return {
    registry,
    callbacks: new Counter({
      name: `${p}callbacks_total`,
      help: 'Assignment Callbacks by outcome: decided, duplicate, refused_signature, refused_body, refused_rate, refused_stale, degraded, error.',
      labelNames: ['outcome'],
      registers,
    }),
    decisions: new Counter({
      name: `${p}decisions_total`,
      help: 'Decisions by rule (or "(none)"), instruction (or "leave") and mode.',
      labelNames: ['rule', 'instruction', 'mode'],
      registers,
    }),
    callbackSeconds: new Histogram({
      name: `${p}callback_duration_seconds`,
      help: 'Time to answer a TaskRouter callback.',
      labelNames: ['route'],
      buckets: SECONDS,
      registers,
    }),
    queueWaitSeconds: new Histogram({
      name: `${p}queue_wait_seconds`,
      help: 'Time from callback arrival to the first processing of its job.',
      buckets: SECONDS,
      registers,
    }),
    restSeconds: new Histogram({
      name: `${p}rest_duration_seconds`,
      help: 'TaskRouter REST call time by operation (update, fetch, list, workflow).',
      labelNames: ['operation'],
      buckets: SECONDS,
      registers,
    }),
    restResults: new Counter({
      name: `${p}rest_results_total`,
      help: 'TaskRouter REST results by operation, status class (2xx, 4xx, 5xx, network) and Twilio error code.',
      labelNames: ['operation', 'status_class', 'twilio_code'],
      registers,
    }),
    retries: new Counter({
      name: `${p}retries_total`,
      help: 'Update retries scheduled, by reason (rate_limited, transient, unconfirmed).',
      labelNames: ['reason'],
      registers,
    }),
    deadlineMarginSeconds: new Histogram({
      name: `${p}deadline_margin_seconds`,
      help: 'Time left before the deadline when an update landed.',
      buckets: MARGIN,
      registers,
    }),
    finished: new Counter({
      name: `${p}reservations_finished_total`,
      help: 'Reservations reaching a terminal state (done, failed, expired, skipped) by reason.',
      labelNames: ['state', 'reason'],
      registers,
    }),
    events: new Counter({
      name: `${p}events_total`,
      help: 'Workspace events received by type, and whether the reservation was known.',
      labelNames: ['type', 'known'],
      registers,
    }),
    rulesReloads: new Counter({
      name: `${p}rules_reloads_total`,
      help: 'Rules reloads by result (ok, refused).',
      labelNames: ['result'],
      registers,
    }),
    rulesInfo: new Gauge({
      name: `${p}rules_info`,
      help: 'The rules version in force (a content hash), as a label; value 1.',
      labelNames: ['version'],
      registers,
    }),
    degraded: new Gauge({
      name: `${p}degraded`,
      help: '1 while the web process answers without Redis (inline fallback), else 0.',
      registers,
    }),
    recordWritesLost: new Counter({
      name: `${p}record_writes_lost_total`,
      help: 'Record writes made behind an answer that failed or gave up (inline decisions, events), by route.',
      labelNames: ['route'],
      registers,
    }),
    credentialsFailing: new Gauge({
      name: `${p}credentials_failing`,
      help: "1 while TaskRouter refuses this process's credentials (its last REST call got 401/403), else 0.",
      registers,
    }),
  };
}
