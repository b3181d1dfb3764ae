import { QUEUE_NAME } from '../../../src/queue/contract.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import { readText, serviceStringLiterals } from './project-facts.js';

/** One series name a PromQL expression may select, with the labels it carries. */
export interface SeriesInfo {
  readonly origin: 'service' | 'bullmq' | 'node' | 'prometheus';
  readonly labels: ReadonlySet<string>;
  /** Whether `label="value"` can ever match; undefined when the values are not known. */
  readonly accepts?: (label: string, value: string) => boolean;
}

/** Labels Prometheus attaches to every scraped series. */
export const TARGET_LABELS: ReadonlySet<string> = new Set(['job', 'instance']);

// BullMQ's Queue.exportPrometheusMetrics() writes its text by hand: read the names, labels and the
// job states it reports from the installed package, so a BullMQ upgrade that renames one shows up.
const BULLMQ_GETTERS = 'node_modules/bullmq/dist/esm/classes/queue-getters.js';

export function bullmqSeries(): Map<string, SeriesInfo> {
  const text = readText(BULLMQ_GETTERS);
  const exporter = text.slice(text.indexOf('async exportPrometheusMetrics('));
  const sanitize = /sanitizeJobTypes\(types\) \{[\s\S]*?return \[(\s*'[^\]]*)\];/.exec(text);
  if (exporter.length === text.length || !sanitize) {
    throw new Error(`${BULLMQ_GETTERS}: exportPrometheusMetrics or the default job types moved`);
  }
  const states = new Set([...sanitize[1]!.matchAll(/'([\w-]+)'/g)].map((m) => m[1]!));
  const series = new Map<string, SeriesInfo>();
  for (const m of exporter.matchAll(/`(bullmq_\w+)\{(.*)`/g)) {
    const labels = new Set([...m[2]!.matchAll(/(\w+)="/g)].map((l) => l[1]!));
    series.set(m[1]!, {
      origin: 'bullmq',
      labels,
      accepts: (label, value) =>
        label === 'queue' ? value === QUEUE_NAME : label === 'state' ? states.has(value) : true,
    });
  }
  if (!series.has('bullmq_job_count')) {
    throw new Error(`${BULLMQ_GETTERS}: bullmq_job_count is no longer exported`);
  }
  return series;
}

/**
 * Every series the service's /metrics can carry: the metrics `createMetrics()` registers (with
 * `_bucket`/`_sum`/`_count` for histograms), prom-client's default Node metrics, BullMQ's queue
 * gauges, and Prometheus's own `up`.
 */
export function metricCatalog(): Map<string, SeriesInfo> {
  const catalog = new Map<string, SeriesInfo>();
  const literals = serviceStringLiterals();
  const metrics = createMetrics({ defaultMetrics: true });
  const ours = new Set(
    createMetrics({ defaultMetrics: false })
      .registry.getMetricsAsArray()
      .map((m) => m.name),
  );
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const labelNames = (metric as unknown as { labelNames?: readonly string[] }).labelNames ?? [];
    const origin = ours.has(metric.name) ? 'service' : 'node';
    // A label value is credible when the service's code spells it out, or the metric's help
    // lists it ("by result (ok, refused)").
    const helpWords = new Set(metric.help.split(/[^\w-]+/));
    const accepts =
      origin === 'service'
        ? (_label: string, value: string) => literals.has(value) || helpWords.has(value)
        : undefined;
    const add = (name: string, labels: readonly string[]) =>
      catalog.set(name, { origin, labels: new Set(labels), ...(accepts ? { accepts } : {}) });
    if (String(metric.type) === 'histogram') {
      add(`${metric.name}_bucket`, [...labelNames, 'le']);
      add(`${metric.name}_sum`, labelNames);
      add(`${metric.name}_count`, labelNames);
    } else {
      add(metric.name, labelNames);
    }
  }
  for (const [name, info] of bullmqSeries()) {
    catalog.set(name, info);
  }
  catalog.set('up', { origin: 'prometheus', labels: new Set() });
  return catalog;
}
