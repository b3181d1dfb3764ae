import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';

type RequestOptions<T> = Parameters<twilio.RequestClient['request']>[0] & { data?: T };

/** Per-call context: the timeout to apply and, afterwards, the response headers seen. */
export interface CallContext {
  readonly timeoutMs: number;
  headers?: Record<string, unknown>;
}

/**
 * The twilio library takes one timeout per client; each REST call here needs its own (the time
 * left before the reservation's deadline) and the response headers (`Retry-After`, `ETag`) that
 * the library's errors do not carry. A RequestClient subclass, the seam `ClientOpts.httpClient`
 * offers, reads both through AsyncLocalStorage so the library's call path stays untouched.
 */
export function createDeadlineHttpClient(opts: { maxSockets?: number } = {}) {
  const storage = new AsyncLocalStorage<CallContext>();

  class DeadlineRequestClient extends twilio.RequestClient {
    override async request<T>(options: RequestOptions<T>) {
      const ctx = storage.getStore();
      const response = await super.request<T>(
        ctx ? { ...options, timeout: ctx.timeoutMs } : options,
      );
      if (ctx) {
        ctx.headers = response.headers as Record<string, unknown>;
      }
      return response;
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
    /** Runs `fn` with `ctx` as the context of every request it makes. */
    run<T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> {
      return storage.run(ctx, fn);
    },
  };
}
