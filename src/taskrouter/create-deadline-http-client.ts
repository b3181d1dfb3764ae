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
 * offers, is handed both for each call, and sends with `node:http` rather than the library's
 * axios (a third of the worker's CPU went there).
 *
 * How a call's context reaches the client: the library goes from a resource's `fetch()` or
 * `update()` to `httpClient.request` without an await (twilio 6: Version → Domain → BaseTwilio),
 * so `run` hands the context over for that synchronous stretch. AsyncLocalStorage would carry it
 * too, but on Node 20 its first `run` turns on promise hooks for every promise the process makes
 * afterwards: measured end to end at 1,000/s, the worker spent 641–655 µs per reservation with it
 * and 603–613 without. Calls whose later requests come after awaits (a list's further pages) say
 * `paged` and use AsyncLocalStorage. A call that makes no request synchronously is refused with
 * an error naming the library, rather than sent without its deadline.
 */
export function createDeadlineHttpClient(opts: { maxSockets?: number } = {}) {
  const storage = new AsyncLocalStorage<CallContext>();
  let handoff: CallContext | undefined;
  const sender = createNodeHttpSender({ maxSockets: opts.maxSockets ?? 100 });

  class DeadlineRequestClient extends twilio.RequestClient {
    override async request<T>(options: RequestOptions<T>) {
      const ctx = handoff ?? storage.getStore();
      handoff = undefined;
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
    /**
     * Runs `fn` with `ctx` as the context of the request it makes at once (`paged`: of every
     * request it makes, later ones included).
     */
    run<T>(ctx: CallContext, fn: () => Promise<T>, o: { paged?: boolean } = {}): Promise<T> {
      if (o.paged === true) {
        return storage.run(ctx, fn);
      }
      handoff = ctx;
      let result: Promise<T>;
      try {
        result = fn();
      } catch (err) {
        handoff = undefined;
        throw err;
      }
      if (handoff === ctx) {
        // The request, if any, would go out later without its deadline: refuse the call now.
        handoff = undefined;
        return refuseUnsent(result);
      }
      return result;
    },
  };
}

function refuseUnsent<T>(result: Promise<T>): Promise<T> {
  result.catch(() => undefined);
  return Promise.reject(
    new Error(
      'the twilio library did not send its request at once, so the call deadline could not be ' +
        'applied: its call path changed (check the twilio version against ' +
        'create-deadline-http-client.ts), or the call needs `paged: true`',
    ),
  );
}
