import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsListener } from '../../../src/http/create-metrics-listener.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import { parsePrometheusText } from '../../support/prometheus-text.js';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** The worker's metrics port on loopback, with one outcome counted. */
async function serve(): Promise<string> {
  const metrics = createMetrics();
  metrics.finished.inc({ state: 'done', reason: 'updated' });
  const s = createServer(createMetricsListener(metrics));
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe("the worker's metrics port (METRICS_PORT)", () => {
  it('when /metrics is scraped, then it answers the registry in Prometheus text with what the worker counted', async () => {
    const url = await serve();
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const { samples } = parsePrometheusText(await res.text());
    expect(samples).toContainEqual(
      expect.objectContaining({
        name: expect.stringMatching(/reservations_finished_total$/) as unknown,
        labels: expect.objectContaining({ state: 'done', reason: 'updated' }) as unknown,
        value: 1,
      }),
    );
  });

  it('when /healthz is asked, then it answers ok; a HEAD gets the headers without a body', async () => {
    const url = await serve();
    const res = await fetch(`${url}/healthz?probe=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const head = await fetch(`${url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('when any other path or method is asked, then it answers 404 with the catalog error body', async () => {
    const url = await serve();
    for (const [path, method] of [
      ['/', 'GET'],
      ['/metrics/x', 'GET'],
      ['/metrics', 'POST'],
    ] as const) {
      const res = await fetch(`${url}${path}`, { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'ERR_NOT_FOUND', message: 'No such resource.' });
    }
  });
});
