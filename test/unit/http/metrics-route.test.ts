import type { Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRulesSource } from '../../../src/rules/rules-in-force.js';
import { metricsRoute } from '../../../src/http/metrics-route.js';
import type { RulesInForce } from '../../../src/rules/rules-in-force.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import { parsePrometheusText } from '../../support/prometheus-text.js';

const rulesOf = (version: string) => ({ version }) as RulesInForce;
const BULLMQ_TEXT = [
  '# HELP bullmq_job_count Number of jobs in the queue by state',
  '# TYPE bullmq_job_count gauge',
  'bullmq_job_count{queue="reservations", state="waiting"} 3',
].join('\n');

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** The route on a loopback port, with the queue's export faked (no Redis here). */
async function serve(queueMetrics: () => Promise<string>) {
  const metrics = createMetrics();
  const rules = createRulesSource(rulesOf('v1-abc'));
  const app = express();
  app.get(
    '/metrics',
    metricsRoute({ metrics, rules, queueMetrics, log: pino({ level: 'silent' }) }),
  );
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/metrics`;
  const scrape = async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return res.text();
  };
  return { rules, scrape };
}

describe('metricsRoute', () => {
  it("when scraped, then prom-client's text comes first and BullMQ's follows, as one valid exposition", async () => {
    const { scrape } = await serve(() => Promise.resolve(BULLMQ_TEXT));
    const text = await scrape();
    expect(text.indexOf('tra_callbacks_total')).toBeLessThan(text.indexOf('bullmq_job_count'));
    expect(text.endsWith('} 3\n')).toBe(true);
    const { samples } = parsePrometheusText(text);
    expect(samples).toContainEqual({
      name: 'bullmq_job_count',
      labels: { queue: 'reservations', state: 'waiting' },
      value: 3,
    });
  });

  it('when the rules are replaced, then the next scrape shows only the new version', async () => {
    const { rules, scrape } = await serve(() => Promise.resolve(BULLMQ_TEXT));
    const info = async () =>
      parsePrometheusText(await scrape()).samples.filter((s) => s.name === 'tra_rules_info');
    expect(await info()).toEqual([
      { name: 'tra_rules_info', labels: { version: 'v1-abc' }, value: 1 },
    ]);
    rules.replace(rulesOf('v2-def'));
    expect(await info()).toEqual([
      { name: 'tra_rules_info', labels: { version: 'v2-def' }, value: 1 },
    ]);
  });

  it('when Redis does not answer, then the rest is still served, with a comment instead of the queue counts', async () => {
    const { scrape } = await serve(() => Promise.reject(new Error('Connection is closed.')));
    const text = await scrape();
    expect(text).toContain('tra_rules_info{version="v1-abc"} 1');
    expect(text).toContain('# bullmq_job_count unavailable: Redis did not answer');
    expect(parsePrometheusText(text).samples.some((s) => s.name === 'bullmq_job_count')).toBe(
      false,
    );
  });
});
