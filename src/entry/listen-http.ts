import { createServer, type RequestListener, type Server } from 'node:http';
import type { HttpServerLimits } from '../config/env.js';

/**
 * Starts an HTTP server for `handler` on `port` with the configured connection limits, and
 * resolves once it listens. Only entry files call it (they alone listen).
 *
 * Why each limit: an idle keep-alive connection must outlive the idle timeout of whatever pools
 * connections in front of the service (a load balancer, TaskRouter's own client), else a request
 * sent on it as the server's FIN is in flight fails with ECONNRESET and never reaches a handler;
 * Node checks headers/request timeouts only every `connectionsCheckingInterval` (30 s by
 * default), so a slow body would hold its connection for up to 40 s unless checked more often;
 * and a burst of new connections (a client's pool growing while the process is busy) must queue
 * in the kernel rather than have its SYNs dropped and retried seconds later.
 *
 * @example
 * const server = await listenHttp(app, config.port, config.http);
 */
export function listenHttp(
  handler: RequestListener,
  port: number,
  limits: HttpServerLimits,
  host?: string,
): Promise<Server> {
  const server = createServer(
    {
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = 100;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const onListening = () => {
      server.off('error', reject);
      resolve(server);
    };
    server.listen(
      { port, ...(host !== undefined && { host }), backlog: limits.listenBacklog },
      onListening,
    );
  });
}

/** Often enough that a timeout is enforced within a fifth of itself (at most a second late). */
export function checkingIntervalMs(limits: HttpServerLimits): number {
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return Math.max(5, Math.min(1000, Math.floor(shortest / 5)));
}
