import twilio from 'twilio';
import { createDeadlineHttpClient } from './create-deadline-http-client.js';
import { classifyFailure, parseRetryAfter } from './classify-failure.js';
import type { RestObserver, RestOperation } from './create-rest-observer.js';
import { toUpdateOptions } from './to-update-options.js';
import type { CallOptions, ReservationSnapshot, TaskRouterGateway } from './types.js';

export interface TaskRouterGatewayOptions {
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKey?: { readonly sid: string; readonly secret: string } | undefined;
  /** `TASKROUTER_BASE_URL`: Twilio, the local simulator, a test fake or a proxy. */
  readonly baseUrl: string;
  readonly maxSockets?: number;
  /** Sees every call once (timing, counting, the credentials alarm); none for the CLI. */
  readonly observer?: RestObserver;
  /** @defaultValue Date.now */
  readonly now?: () => number;
}

interface ReservationLike {
  sid: string;
  taskSid: string;
  workerSid: string;
  workerName: string;
  reservationStatus: string;
  dateUpdated: Date | null;
}

/** Thrown when a call outlives its time budget, whether or not the library noticed. */
export class CallTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`TaskRouter did not answer within ${ms} ms`);
    this.name = new.target.name;
  }
}

/**
 * The TaskRouter REST client: the `twilio` library with its TaskRouter domain pointed at
 * `baseUrl`, no auto-retry, and per-call deadlines. Every call is timed and counted here, once,
 * whoever makes it (worker, admin API, Workflow timeout lookup).
 * @example
 * const gateway = createTaskRouterGateway({ accountSid, authToken, baseUrl: config.twilio.taskrouterBaseUrl });
 * await gateway.updateReservation(ref, { kind: 'accept', params: {} }, { timeoutMs: 2000 });
 */
export function createTaskRouterGateway(opts: TaskRouterGatewayOptions): TaskRouterGateway {
  const http = createDeadlineHttpClient(
    opts.maxSockets === undefined ? {} : { maxSockets: opts.maxSockets },
  );
  const [user, pass] = opts.apiKey
    ? [opts.apiKey.sid, opts.apiKey.secret]
    : [opts.accountSid, opts.authToken];
  // edge/region stay unset: they rewrite the host name and would corrupt a non-Twilio base URL.
  const client = twilio(user, pass, {
    accountSid: opts.accountSid,
    httpClient: http.httpClient,
    autoRetry: false,
  });
  client.taskrouter.baseUrl = opts.baseUrl;
  const v1 = client.taskrouter.v1;
  const now = opts.now ?? Date.now;

  async function call<T>(
    operation: RestOperation,
    o: CallOptions,
    fn: () => Promise<T>,
    /** A list: its later pages are requested after awaits (see create-deadline-http-client). */
    how: { paged?: boolean } = {},
  ): Promise<{ value: T; etag: string | undefined }> {
    const ctx: { timeoutMs: number; headers?: Record<string, unknown> } = {
      timeoutMs: o.timeoutMs,
    };
    let timer: NodeJS.Timeout | undefined;
    // The library's timeout is a socket-idle timeout; this bounds the whole call.
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallTimeoutError(o.timeoutMs)), o.timeoutMs + 50);
    });
    const started = now();
    try {
      const value = await Promise.race([http.run(ctx, fn, how), budget]);
      opts.observer?.observe(operation, (now() - started) / 1000, null);
      const etag = ctx.headers?.etag;
      return { value, etag: typeof etag === 'string' ? etag : undefined };
    } catch (err) {
      decorate(err, ctx.headers, now());
      opts.observer?.observe(operation, (now() - started) / 1000, classifyFailure(err));
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async updateReservation(ref, instruction, o) {
      const params = toUpdateOptions(instruction);
      const res = await call('update', o, () =>
        v1
          .workspaces(ref.workspaceSid)
          .tasks(ref.taskSid)
          .reservations(ref.reservationSid)
          .update(o.ifMatch ? { ...params, ifMatch: o.ifMatch } : params),
      );
      return snapshot(res.value, res.etag);
    },
    async fetchReservation(ref, o) {
      const res = await call('fetch', o, () =>
        v1.workspaces(ref.workspaceSid).tasks(ref.taskSid).reservations(ref.reservationSid).fetch(),
      );
      return snapshot(res.value, res.etag);
    },
    async listReservations(workspaceSid, taskSid, filters, o) {
      const res = await call(
        'list',
        o,
        () =>
          v1
            .workspaces(workspaceSid)
            .tasks(taskSid)
            .reservations.list({
              ...(filters.workerSid ? { workerSid: filters.workerSid } : {}),
              ...(filters.reservationStatus
                ? { reservationStatus: filters.reservationStatus as 'pending' }
                : {}),
            }),
        { paged: true },
      );
      return res.value.map((r) => snapshot(r, undefined));
    },
    async fetchWorkflowReservationTimeout(workspaceSid, workflowSid, o) {
      const res = await call('workflow', o, () =>
        v1.workspaces(workspaceSid).workflows(workflowSid).fetch(),
      );
      return res.value.taskReservationTimeout;
    },
  };
}

function snapshot(r: ReservationLike, etag: string | undefined): ReservationSnapshot {
  return {
    sid: r.sid,
    taskSid: r.taskSid,
    workerSid: r.workerSid,
    workerName: r.workerName,
    reservationStatus: r.reservationStatus,
    dateUpdated: r.dateUpdated ? r.dateUpdated.toISOString() : null,
    etag,
  };
}

// RestException carries no headers; the Retry-After of a 429 is added for the retry policy.
function decorate(err: unknown, headers: Record<string, unknown> | undefined, at: number): void {
  if (err && typeof err === 'object' && headers) {
    const ms = parseRetryAfter(headers['retry-after'], at);
    if (ms !== undefined) {
      (err as { retryAfterMs?: number }).retryAfterMs = ms;
    }
  }
}
