import { Router } from 'express';
import type { RulesSource } from '../rules/rules-in-force.js';
import { metricsRoute, type MetricsRouteDeps } from './metrics-route.js';

export interface HealthDeps extends MetricsRouteDeps {
  readonly rules: RulesSource;
  /** Resolves when Redis answers a PING (bounded by its own timeout). */
  readonly pingRedis: () => Promise<void>;
}

/**
 * `/healthz`: the process is alive. `/readyz`: it can do its job (Redis answers, rules loaded);
 * 503 otherwise, so a load balancer stops sending callbacks. `/metrics`: Prometheus text.
 */
export function createHealthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const redis = await deps.pingRedis().then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    const rules = deps.rules.current();
    const ready = redis === 'ok';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'degraded',
      redis,
      rulesVersion: rules.version,
    });
  });
  router.get('/metrics', metricsRoute(deps));
  return router;
}
