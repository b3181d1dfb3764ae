import { describe, expect, it } from 'vitest';
import { metricCatalog, type SeriesInfo } from './metric-catalog.js';
import { parsePromQL, problemsWith } from './promql.js';

// The checker the alert and dashboard tests rely on must itself catch what they guard against.
describe('the PromQL checker used by the deployment tests', () => {
  const catalog = metricCatalog();

  it('finds selectors, matchers, grouping labels and functions', () => {
    const parsed = parsePromQL(
      'histogram_quantile(0.99, sum by (le, route) (rate(tra_callback_duration_seconds_bucket{route="assignment"}[5m]))) > 1 and on() up',
    );
    expect(parsed.selectors).toEqual([
      {
        metric: 'tra_callback_duration_seconds_bucket',
        matchers: [{ label: 'route', op: '=', value: 'assignment' }],
      },
      { metric: 'up', matchers: [] },
    ]);
    expect(parsed.groupingLabels).toEqual(['le', 'route']);
    expect(parsed.functions).toEqual(['histogram_quantile', 'sum', 'rate']);
  });

  it('knows the service metrics, BullMQ gauges and Node defaults', () => {
    expect(catalog.get('tra_callbacks_total')?.labels).toEqual(new Set(['outcome']));
    expect(catalog.get('tra_deadline_margin_seconds_bucket')?.labels).toEqual(new Set(['le']));
    expect(catalog.get('bullmq_job_count')?.labels).toEqual(new Set(['queue', 'state']));
    expect(catalog.get('process_resident_memory_bytes')?.origin).toBe('node');
    expect(catalog.get('bullmq_job_count')?.accepts?.('state', 'waiting')).toBe(true);
  });

  // A fixed catalog, so these cases test the checker and not today's metric names.
  const fake = new Map<string, SeriesInfo>([
    [
      'svc_callbacks_total',
      {
        origin: 'service',
        labels: new Set(['outcome']),
        accepts: (_l, v) => ['ok', 'refused'].includes(v),
      },
    ],
    [
      'svc_wait_seconds_bucket',
      { origin: 'service', labels: new Set(['le']), accepts: () => true },
    ],
    [
      'q_jobs',
      {
        origin: 'bullmq',
        labels: new Set(['queue', 'state']),
        accepts: (l, v) => (l === 'state' ? v === 'waiting' : v === 'q'),
      },
    ],
  ]);

  it.each([
    ['a renamed metric', 'rate(svc_callback_total[5m])', /svc_callback_total: no such metric/],
    [
      'a label the metric lacks',
      'rate(svc_callbacks_total{state="ok"}[5m])',
      /has no label "state"/,
    ],
    [
      'a label value never set',
      'rate(svc_callbacks_total{outcome="refused_sig"}[5m])',
      /outcome="refused_sig" is never exported/,
    ],
    [
      'one bad alternative of a regex',
      'rate(svc_callbacks_total{outcome=~"ok|nok"}[5m])',
      /outcome="nok" is never exported/,
    ],
    ['an unknown state', 'q_jobs{state="queued"}', /state="queued" is never exported/],
    ['another queue', 'q_jobs{queue="jobs"}', /queue="jobs" is never exported/],
    [
      'grouping by an absent label',
      'sum by (reason) (rate(svc_callbacks_total[5m]))',
      /grouping by "reason"/,
    ],
    [
      'a quantile without le',
      'histogram_quantile(0.5, sum(rate(svc_wait_seconds_bucket[5m])))',
      /without "le"/,
    ],
    [
      'a quantile over a counter',
      'histogram_quantile(0.5, sum by (le) (rate(svc_callbacks_total[5m])))',
      /other than a _bucket/,
    ],
    ['unbalanced brackets', 'sum(rate(svc_callbacks_total[5m])', /cannot read/],
  ])('reports %s', (_what, expr, problem) => {
    expect(problemsWith(expr, fake).join('\n')).toMatch(problem);
  });

  it('passes a correct expression, with target labels and Prometheus keywords', () => {
    expect(
      problemsWith(
        'sum by (instance) (rate(svc_callbacks_total{outcome="ok", job="x"}[5m])) > 0 and on() max(q_jobs{state="waiting"}) == 0',
        fake,
      ),
    ).toEqual([]);
  });
});
