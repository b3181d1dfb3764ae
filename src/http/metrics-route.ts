import type { RequestHandler } from 'express';
import type { RulesSource } from '../rules/rules-in-force.js';
import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';

export interface MetricsRouteDeps {
  readonly metrics: Metrics;
  readonly rules: RulesSource;
  /**
   * BullMQ's own Prometheus text for the queue (`Queue#exportPrometheusMetrics`): job counts by
   * state, labelled only with the queue's name and the state.
   */
  readonly queueMetrics: () => Promise<string>;
  readonly log: Logger;
}

/**
 * `GET /metrics`: prom-client's registry, then BullMQ's queue export. `tra_rules_info` is set
 * here, at scrape time, from the rules in force, so a reload shows up on the next scrape and the
 * replaced version disappears. Without Redis the queue part is left out (a comment says why)
 * and the rest is still served.
 */
export function metricsRoute(deps: MetricsRouteDeps): RequestHandler {
  return async function metrics(_req, res) {
    deps.metrics.rulesInfo.reset();
    deps.metrics.rulesInfo.set({ version: deps.rules.current().version }, 1);
    const [own, queue] = await Promise.all([
      deps.metrics.registry.metrics(),
      deps.queueMetrics().then(
        (text) => `${text.trimEnd()}\n`,
        (err: unknown) => {
          deps.log.debug({ err: (err as Error).message }, 'queue metrics unavailable');
          return '# bullmq_job_count unavailable: Redis did not answer\n';
        },
      ),
    ]);
    res.type(deps.metrics.registry.contentType).send(`${own.trimEnd()}\n${queue}`);
  };
}
