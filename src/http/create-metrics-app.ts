import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Metrics } from '../shared/create-metrics.js';

/**
 * The worker process's only HTTP surface (when `METRICS_PORT` is set): `/metrics`, so the REST
 * update, retry and deadline metrics recorded there reach Prometheus, and `/healthz`.
 */
export function createMetricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}
