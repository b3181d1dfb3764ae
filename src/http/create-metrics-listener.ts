import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AppError, type ErrorCode } from '../shared/errors.js';
import type { Metrics } from '../shared/create-metrics.js';
import { errorBody } from './error-handler.js';

/**
 * The worker process's only HTTP surface (when `METRICS_PORT` is set): `GET /metrics`, so the
 * REST update, retry and deadline metrics recorded there reach Prometheus, and `GET /healthz`.
 * Anything else is answered 404 with the catalog's error body, as the web's unknown routes are.
 *
 * A plain `node:http` listener, not an Express app: two fixed routes need no router, and the
 * worker then loads no Express at all (~60 ms of its start).
 */
export function createMetricsListener(metrics: Metrics): RequestListener {
  return (req, res) => {
    // A body sent with a GET is not read, but must not stall the kept-alive connection.
    req.resume();
    const path = (req.url ?? '/').split('?', 1)[0];
    const known = req.method === 'GET' || req.method === 'HEAD';
    if (known && path === '/healthz') {
      send(req, res, 200, 'application/json; charset=utf-8', '{"status":"ok"}');
      return;
    }
    if (known && path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => send(req, res, 200, metrics.registry.contentType, text),
        () => sendError(req, res, 'ERR_INTERNAL'),
      );
      return;
    }
    sendError(req, res, 'ERR_NOT_FOUND');
  };
}

function sendError(req: IncomingMessage, res: ServerResponse, code: ErrorCode): void {
  const err = new AppError(code);
  send(req, res, err.status, 'application/json; charset=utf-8', JSON.stringify(errorBody(err)));
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
