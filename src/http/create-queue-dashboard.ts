import {
  Router,
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import helmet from 'helmet';
import type { ReservationProducer } from '../queue/create-reservation-producer.js';
import { notFound } from './error-handler.js';

/** Where the dashboard is mounted. */
export const DASHBOARD_PATH = '/admin/queues';

export type DashboardQueue = ReturnType<ReservationProducer['queueForDashboard']>;

export interface QueueDashboardOptions {
  readonly queues: readonly DashboardQueue[];
  /**
   * Let the dashboard retry, promote, clean and add jobs (`ADMIN_DASHBOARD_WRITE=true`).
   * Otherwise bull-board's `readOnlyMode` answers every such request 405.
   * @defaultValue false
   */
  readonly write?: boolean;
  /** Runs first on every dashboard request: the admin credentials check. */
  readonly guard: readonly (RequestHandler | ErrorRequestHandler)[];
}

/**
 * bull-board's UI and API for the queues, behind `guard`, as one router to mount at
 * `DASHBOARD_PATH`.
 *
 * The app's Content-Security-Policy (helmet's defaults) is relaxed here, and only here, in one
 * way: no `upgrade-insecure-requests`. The dashboard's page loads its scripts, styles and API by
 * relative URL; over plain HTTP (local mode, a port-forward to a pod) that directive makes the
 * browser rewrite each to https:// and the page stays blank. Everything else stays as strict as
 * the rest of the app: scripts from 'self' only, no eval, no inline script, no framing.
 * Behind TLS the directive is moot, as every URL is https already.
 * @example
 * app.use(DASHBOARD_PATH, createQueueDashboard({ queues: [producer.queueForDashboard()], guard: [auth] }));
 */
export function createQueueDashboard(opts: QueueDashboardOptions): Router {
  // bull-board (and its UI's server code) loads on the first dashboard request that passed the
  // guard, not at start: ~50 ms of every web process's start for a page rarely opened.
  let board: Promise<Express> | undefined;
  const serveBoard = (req: Request, res: Response, next: NextFunction) => {
    board ??= buildBoard(opts).catch((err: unknown) => {
      board = undefined; // the next request tries again
      throw err;
    });
    board
      .then((b) => {
        b(req, res, next);
      })
      .catch(next);
  };
  const router = Router();
  router.use(
    ...opts.guard,
    helmet.contentSecurityPolicy({
      useDefaults: true,
      directives: { upgradeInsecureRequests: null },
    }),
    serveBoard,
    // Anything under the dashboard that bull-board does not know: 404 here, not the admin API's.
    notFound,
  );
  return router;
}

async function buildBoard(opts: QueueDashboardOptions): Promise<Express> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const readOnlyMode = opts.write !== true;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    // bull-board tells queues apart by name, and every shard's queue has the same one.
    queues: opts.queues.map(
      (q, i) =>
        new BullMQAdapter(q, {
          readOnlyMode,
          allowRetries: !readOnlyMode,
          ...(opts.queues.length > 1 && {
            prefix: `shard-${i}.`,
            displayName: `${q.name} (shard ${i})`,
          }),
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'taskrouter-assigner' } },
  });
  // bull-board serves from an Express app of its own, which would announce itself.
  const app = serverAdapter.getRouter() as Express;
  app.disable('x-powered-by');
  return app;
}
