import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { metricCatalog } from './metric-catalog.js';
import { parsePromQL, problemsWith } from './promql.js';
import { envVarNames, readText } from './project-facts.js';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const FILE = 'config/examples/prometheus-alerts.yaml';
const doc = parse(readText(FILE)) as { groups: { name: string; rules: Rule[] }[] };
const rules = doc.groups.flatMap((g) => g.rules);
const catalog = metricCatalog();

describe(FILE, () => {
  it('is a Prometheus rules file: groups of named alerts with expr, labels and annotations', () => {
    expect(Object.keys(doc)).toEqual(['groups']);
    for (const group of doc.groups) {
      expect(group.name).toBeTruthy();
      expect(group.rules.length).toBeGreaterThan(0);
    }
    for (const rule of rules) {
      expect(
        Object.keys(rule).every((k) =>
          ['alert', 'expr', 'for', 'labels', 'annotations'].includes(k),
        ),
        rule.alert,
      ).toBe(true);
      expect(rule.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(typeof rule.expr).toBe('string');
      expect(rule.labels?.severity).toMatch(/^(warning|critical)$/);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      if (rule.for !== undefined) {
        expect(rule.for).toMatch(/^\d+[smh]$/);
      }
    }
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(rules.map((r) => [r.alert!, r.expr] as const))(
    '%s: uses only metrics, labels and values the service exports',
    (_alert, expr) => {
      expect(problemsWith(expr, catalog)).toEqual([]);
    },
  );

  // What issue 7 asks to be alerted on, by the selector that detects it.
  it.each([
    ['missed deadlines', 'tra_reservations_finished_total', { state: 'expired' }],
    ['failed updates', 'tra_reservations_finished_total', { state: 'failed' }],
    ['refused signatures', 'tra_callbacks_total', { outcome: 'refused_signature' }],
    ['degraded mode (gauge)', 'tra_degraded', {}],
    ['degraded mode (callbacks)', 'tra_callbacks_total', { outcome: 'degraded' }],
    ['queue backlog', 'bullmq_job_count', { state: 'waiting' }],
    ['delayed retries', 'bullmq_job_count', { state: 'delayed' }],
    ['REST 5xx', 'tra_rest_results_total', { status_class: '5xx|network' }],
    ['REST 429', 'tra_retries_total', { reason: 'rate_limited' }],
    ['refused rules reloads', 'tra_rules_reloads_total', { result: 'refused' }],
    ['slow callbacks', 'tra_callback_duration_seconds_bucket', {}],
    ['a low deadline margin', 'tra_deadline_margin_seconds_bucket', {}],
  ] as const)('alerts on %s', (_what, metric, labels) => {
    const found = rules.some((r) =>
      parsePromQL(r.expr).selectors.some(
        (s) =>
          s.metric === metric &&
          Object.entries(labels).every(([l, v]) =>
            s.matchers.some((m) => m.label === l && m.value === v),
          ),
      ),
    );
    expect(found).toBe(true);
  });

  it('alerts on callbacks slower than 1 s at p99 and on a deadline margin p10 below a few seconds', () => {
    const slow = rules.find((r) => r.expr.includes('tra_callback_duration_seconds_bucket'))!.expr;
    expect(slow).toMatch(/histogram_quantile\(0\.99,[\s\S]*\)\s*>\s*1\s*$/);
    const margin = rules.find((r) => r.expr.includes('tra_deadline_margin_seconds_bucket'))!.expr;
    expect(margin).toMatch(/histogram_quantile\(0\.10?,[\s\S]*\)\s*<\s*\d+\s*$/);
  });

  it('reads the queue-wide BullMQ gauges with max(), since every web process reports them', () => {
    for (const rule of rules.filter((r) => r.expr.includes('bullmq_'))) {
      expect(rule.expr, rule.alert).not.toMatch(/\bsum\b[^(]*\(\s*bullmq_/);
      expect(rule.expr, rule.alert).toMatch(/\bmax\b[^(]*\(\s*bullmq_/);
    }
  });

  it("names only real environment variables in its advice, and the docs' scrape job", () => {
    const text = readText(FILE);
    const known = envVarNames();
    const named = [...text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]);
    expect(named.filter((n) => !known.has(n))).toEqual([]);
    for (const m of text.matchAll(/up\{job="([^"]+)"\}/g)) {
      expect(readText('docs/deployment.md')).toContain(`job_name: ${m[1]}`);
    }
  });
});
