import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import { createNodeHttpSender } from './create-node-http-sender.js';

type RequestOptions<T> = Parameters<twilio.RequestClient['request']>[0] & { data?: T };

/** Per-call context: the timeout to apply and, afterwards, the response headers seen. */
export interface CallContext {
  readonly timeoutMs: number;
  headers?: Record<string, unknown>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The twilio library takes one timeout per client; each REST call here needs its own (the time
 * left before the reservation's deadline) and the response headers (`Retry-After`, `ETag`) that
 * the library's errors do not carry. A RequestClient subclass, the seam `ClientOpts.httpClient`
 * offers, reads both through AsyncLocalStorage so the library's call path stays untouched, and
 * sends with `node:http` rather than the library's axios (a third of the worker's CPU went there).
 */
export function createDeadlineHttpClient(opts: { maxSockets?: number } = {}) {
  const storage = new AsyncLocalStorage<CallContext>();
  const sender = createNodeHttpSender({ maxSockets: opts.maxSockets ?? 100 });

  class DeadlineRequestClient extends twilio.RequestClient {
    override async request<T>(options: RequestOptions<T>) {
      const ctx = storage.getStore();
      const response = await sender.send(
        options,
        ctx?.timeoutMs ?? options.timeout ?? DEFAULT_TIMEOUT_MS,
      );
      if (ctx) {
        ctx.headers = response.headers;
      }
      // The library parses a string body itself, as it does axios's (JSON.parse on 2xx, and
      // RestException's code/message from the error document otherwise).
      return response as unknown as Awaited<ReturnType<twilio.RequestClient['request']>> & {
        body: T;
      };
    }
  }

  // One retry policy: the queue's. The library's own auto-retry (429 only, no Retry-After) stays off.
  const httpClient = new DeadlineRequestClient({
    autoRetry: false,
    keepAlive: true,
    maxSockets: opts.maxSockets ?? 100,
    maxTotalSockets: opts.maxSockets ?? 100,
  });

  return {
    httpClient,
    /** Closes the kept-alive sockets. */
    destroy: () => sender.destroy(),
    /** Runs `fn` with `ctx` as the context of every request it makes. */
    run<T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> {
      return storage.run(ctx, fn);
    },
  };
}
