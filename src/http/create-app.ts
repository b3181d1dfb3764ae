import express, { type Express } from 'express';
import helmet from 'helmet';
import type { RulesSource } from '../rules/rules-in-force.js';
import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';
import type { ReservationStore } from '../state/reservation-store.js';
import { createAdminRouter } from './admin-routes.js';
import { ASSIGNMENT_PATH, assignmentRoute, countRefusals } from './assignment-route.js';
import { createErrorHandler, notFound } from './error-handler.js';
import type { AssignmentResult } from './handle-assignment.js';
import { EVENTS_PATH, eventsRoute } from './events-route.js';
import type { ReservationEvent } from './handle-event.js';
import { createHealthRouter } from './health-routes.js';
import type { AssignmentCallback } from './parse-assignment-callback.js';
import { createRefusalLimiter } from './limit-refusals.js';
import { parseFormBody } from './parse-form-body.js';
import { verifyTwilioSignature } from './verify-twilio-signature.js';

export interface AppDeps {
  readonly publicBaseUrl: string;
  readonly authToken: string;
  readonly adminToken: string | undefined;
  readonly rules: RulesSource;
  readonly store: ReservationStore;
  readonly handleAssignment: (cb: AssignmentCallback) => Promise<AssignmentResult>;
  readonly handleEvent: (event: ReservationEvent) => Promise<void>;
  readonly pingRedis: () => Promise<void>;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => number;
  /** Express `trust proxy` setting, so `req.ip` is the client behind a load balancer. */
  readonly trustProxy?: boolean | number | string;
  /** Refusals per address per minute before 429. @defaultValue 120 */
  readonly maxRefusalsPerMinute?: number;
}

/**
 * The web process's Express app, without `listen` (tests start it on port 0).
 * @example
 * const app = createApp(deps);
 * app.listen(config.port);
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  // Only the refusal limiter reads req.ip; the signature URL never depends on proxy headers.
  app.set('trust proxy', deps.trustProxy ?? false);

  const limiter = createRefusalLimiter({
    maxRefusals: deps.maxRefusalsPerMinute ?? 120,
    windowMs: 60_000,
    now: deps.now,
  });
  const signed = [
    limiter.gate,
    ...parseFormBody(),
    verifyTwilioSignature({ authToken: deps.authToken, publicBaseUrl: deps.publicBaseUrl }),
  ];
  app.post(
    ASSIGNMENT_PATH,
    ...signed,
    assignmentRoute(deps.handleAssignment, deps.metrics),
    countRefusals(deps.metrics),
    limiter.count,
  );
  app.post(EVENTS_PATH, ...signed, eventsRoute(deps.handleEvent, deps.metrics), limiter.count);

  app.use(createHealthRouter(deps));
  // Admin routes exist only when a token is configured; otherwise they are plain 404s.
  if (deps.adminToken) {
    app.use('/admin', createAdminRouter({ token: deps.adminToken, store: deps.store, now: deps.now }));
  }
  app.use(notFound);
  app.use(createErrorHandler(deps.log));
  return app;
}
