import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { RulesSource } from '../rules/rules-in-force.js';
import type { Metrics } from '../shared/create-metrics.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { ReservationStore } from '../state/reservation-store.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';
import type { TaskRouterGateway } from '../taskrouter/types.js';
import { createAdminRouter } from './admin-routes.js';
import { ASSIGNMENT_PATH, assignmentRoute, countRefusals } from './assignment-route.js';
import {
  createQueueDashboard,
  DASHBOARD_PATH,
  type DashboardQueue,
} from './create-queue-dashboard.js';
import { createErrorHandler, notFound } from './error-handler.js';
import type { AssignmentResult } from '../assignment/handle-assignment.js';
import { EVENTS_PATH, eventsRoute } from './events-route.js';
import type { ReservationEvent } from '../assignment/handle-event.js';
import { createHealthRouter } from './health-routes.js';
import type { AssignmentCallback } from '../assignment/parse-assignment-callback.js';
import { limitForgedCallbacks } from './limit-forged-callbacks.js';
import { createRefusalCounter, createRefusalLimiter } from './limit-refusals.js';
import { readFormBody } from './read-form-body.js';
import { rejectStaleCallback } from './reject-stale-callback.js';
import { requireBearerToken } from './require-bearer-token.js';
import { routeTaskRouterFirst, type FirstRoute } from './route-taskrouter-first.js';
import { TIMELINE_PAGE_PATH, timelinePageRoute } from './timeline-page-route.js';
import { verifyTwilioSignature } from './verify-twilio-signature.js';
import { createNearMissReporter } from './create-near-miss-reporter.js';

export interface AppDeps {
  readonly publicBaseUrl: string;
  readonly authToken: string;
  readonly adminToken: string | undefined;
  readonly rules: RulesSource;
  readonly store: ReservationStore;
  /** Reservations' timeline marks, for the admin API and the timeline page. */
  readonly timeline: Pick<ReservationTimeline, 'read'>;
  /** TaskRouter, for the admin API's live views (`?live=1`, a task's reservations). */
  readonly gateway: Pick<TaskRouterGateway, 'fetchReservation' | 'listReservations'>;
  /** BullMQ's Prometheus text for the reservations queue (its job counts on /metrics). */
  readonly queueMetrics: () => Promise<string>;
  /** The reservations queue of each shard, for the dashboard only. */
  readonly dashboardQueues: readonly DashboardQueue[];
  /** `ADMIN_DASHBOARD_WRITE`: the dashboard may retry and remove jobs. @defaultValue false */
  readonly dashboardWrite?: boolean;
  /** Upper bound of one TaskRouter call made for the admin API. @defaultValue 5000 */
  readonly restTimeoutMs?: number;
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
  /** `TWILIO_AUTH_TOKEN_SECONDARY`: during a token rotation, its signatures are accepted too. */
  readonly secondaryAuthToken?: string | undefined;
  /** `CALLBACK_MAX_AGE_S`: how far a callback's Timestamp may be from now; 0 = unchecked. @defaultValue 0 */
  readonly callbackMaxAgeSeconds?: number;
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
  // Only the refusal limiter reads req.ip; the signature URL never depends on proxy headers.
  app.set('trust proxy', deps.trustProxy ?? false);

  // The signature is checked before any limit applies: a signed callback is never refused.
  const limiter = limitForgedCallbacks(
    createRefusalCounter({
      maxRefusals: deps.maxRefusalsPerMinute ?? 120,
      windowMs: 60_000,
      now: deps.now,
    }),
  );
  const authTokens = [
    deps.authToken,
    ...(deps.secondaryAuthToken ? [deps.secondaryAuthToken] : []),
  ];
  const checks = [
    readFormBody(),
    verifyTwilioSignature({
      authTokens,
      publicBaseUrl: deps.publicBaseUrl,
      onRefused: createNearMissReporter({ log: deps.log, now: deps.now }),
    }),
    rejectStaleCallback({ maxAgeSeconds: deps.callbackMaxAgeSeconds ?? 0, now: deps.now }),
  ];
  // Each TaskRouter route once: Express runs it with the refusal gate in front (for requests
  // without a signature), routeTaskRouterFirst without (the gate lets every signed one through).
  const taskRouterRoutes: FirstRoute[] = [
    {
      path: ASSIGNMENT_PATH,
      handlers: [...checks, assignmentRoute(deps.handleAssignment, deps.metrics)],
      // The limiter first: a refusal it turns into 429 is counted as that.
      errorHandlers: [limiter.count, countRefusals(deps.metrics)],
    },
    {
      path: EVENTS_PATH,
      handlers: [...checks, eventsRoute(deps.handleEvent, deps.metrics)],
      errorHandlers: [limiter.count],
    },
  ];
  for (const route of taskRouterRoutes) {
    app.post(route.path, limiter.gate, ...route.handlers, ...route.errorHandlers);
  }

  // helmet's headers are for browsers; TaskRouter's two routes above go without them (issue 11).
  app.use(helmet());

  app.use(createHealthRouter(deps));
  // Admin routes exist only when a token is configured; otherwise they are plain 404s.
  if (deps.adminToken) {
    mountAdmin(app, deps, deps.adminToken);
  }
  app.use(notFound);
  const errorHandler = createErrorHandler(deps.log);
  app.use(errorHandler);
  routeTaskRouterFirst(app, taskRouterRoutes, errorHandler);
  return app;
}

/**
 * `/admin/queues` (the dashboard) and `/admin/reservations/:sid/timeline` (a page): bearer or
 * Basic, so a browser can log in; the `/admin` JSON API: bearer only. Wrong credentials count towards a refusal limit of their own, so the token
 * cannot be guessed at speed; authorised requests never count.
 */
function mountAdmin(app: Express, deps: AppDeps, token: string): void {
  const limiter = createRefusalLimiter({
    maxRefusals: deps.maxRefusalsPerMinute ?? 120,
    windowMs: 60_000,
    now: deps.now,
  });
  // Count each wrong credential once: an error from the dashboard also passes the API's handlers.
  const counted = new WeakSet<object>();
  const countAuthFailure: ErrorRequestHandler = function countAuthFailure(err, req, res, next) {
    if (err instanceof AppError && err.code === 'ERR_ADMIN_UNAUTHORIZED' && !counted.has(err)) {
      counted.add(err);
      limiter.count(err, req, res, next);
      return;
    }
    next(err);
  };
  // Nothing behind the admin token belongs in a shared cache.
  const noStore: RequestHandler = function noStore(_req, res, next) {
    res.set('Cache-Control', 'no-store');
    next();
  };
  const guard = (basic: boolean) => [
    noStore,
    limiter.gate,
    requireBearerToken(token, { basic }),
    countAuthFailure,
  ];
  app.use(
    DASHBOARD_PATH,
    createQueueDashboard({
      queues: deps.dashboardQueues,
      write: deps.dashboardWrite === true,
      guard: guard(true),
    }),
  );
  // A page for a person's browser, so Basic credentials too (as the dashboard).
  app.get(
    TIMELINE_PAGE_PATH,
    ...guard(true),
    timelinePageRoute({
      store: deps.store,
      timeline: deps.timeline,
      rules: deps.rules,
      now: deps.now,
    }),
  );
  app.use(
    '/admin',
    ...guard(false),
    createAdminRouter({
      store: deps.store,
      timeline: deps.timeline,
      rules: deps.rules,
      gateway: deps.gateway,
      now: deps.now,
      restTimeoutMs: deps.restTimeoutMs ?? 5000,
    }),
  );
}
