import type { RedisClient } from '../shared/create-redis.js';
import type { RulesInForce } from '../rules/rules-in-force.js';
import type { Logger } from '../shared/logger.js';
import type { TaskRouterGateway } from '../taskrouter/types.js';
import { settleWithin } from './settle-within.js';

/** Resolves a Workflow's `TaskReservationTimeout` in seconds. */
export interface ReservationTimeouts {
  /** The timeout if it is known without asking anyone (the rules, or this process's memo). */
  known(workflowSid: string, rules: RulesInForce): number | undefined;
  /**
   * The timeout, looked up (Redis, then TaskRouter) when not known. With `waitMs`, waits at most
   * that long, then answers the rules' default while the lookup goes on behind it, so the next
   * callback for the Workflow finds the real value.
   */
  resolve(
    workspaceSid: string,
    workflowSid: string,
    rules: RulesInForce,
    opts?: { waitMs?: number },
  ): Promise<number>;
}

export interface ReservationTimeoutsOptions {
  readonly redis: RedisClient;
  readonly keyPrefix: string;
  readonly gateway: Pick<TaskRouterGateway, 'fetchWorkflowReservationTimeout'>;
  readonly ttlSeconds: number;
  readonly log: Logger;
  /** Budget of the one fetch a callback may wait for. @defaultValue 1500 */
  readonly fetchTimeoutMs?: number;
  readonly now?: () => number;
}

// After a failed fetch, use the default for this long before asking TaskRouter again.
const NEGATIVE_TTL_SECONDS = 30;
const MEMO_MS = 60_000;

/**
 * In order: the rules files' `workflows.<WW>.reservationTimeout`; the value cached in RedisClient;
 * one fetch of the Workflow through the API (then cached with a TTL, shared by every process);
 * the rules' default. Concurrent misses for one Workflow share one fetch.
 */
export function createReservationTimeouts(opts: ReservationTimeoutsOptions): ReservationTimeouts {
  const inflight = new Map<string, Promise<number | undefined>>();
  // A per-process memo in front of Redis keeps the callback path at no extra round trip.
  const memo = new Map<string, { seconds: number | undefined; until: number }>();
  const now = opts.now ?? Date.now;
  const key = (ww: string) => `${opts.keyPrefix}:workflow-timeout:${ww}`;

  async function fetchAndCache(ws: string, ww: string): Promise<number | undefined> {
    try {
      const seconds = await opts.gateway.fetchWorkflowReservationTimeout(ws, ww, {
        timeoutMs: opts.fetchTimeoutMs ?? 1500,
      });
      await opts.redis.set(key(ww), String(seconds), 'EX', opts.ttlSeconds);
      return seconds;
    } catch (err) {
      opts.log.warn(
        { workflowSid: ww, err: (err as Error).message },
        'could not fetch the Workflow; using the default reservation timeout',
      );
      await opts.redis.set(key(ww), '0', 'EX', NEGATIVE_TTL_SECONDS).catch(() => undefined);
      return undefined;
    }
  }

  async function lookup(ws: string, ww: string): Promise<number | undefined> {
    // Redis down: answer with the default now; ask again next time.
    const raw = await opts.redis.get(key(ww)).catch(() => undefined);
    if (raw === undefined) {
      return undefined;
    }
    const seconds =
      raw === null ? await fetchAndCache(ws, ww) : Number(raw) > 0 ? Number(raw) : undefined;
    memo.set(ww, { seconds, until: now() + MEMO_MS });
    return seconds;
  }

  function known(ww: string, rules: RulesInForce): number | undefined {
    const configured = rules.workflows[ww]?.reservationTimeout;
    if (configured !== undefined) {
      return configured;
    }
    const hit = memo.get(ww);
    return hit && hit.until > now()
      ? (hit.seconds ?? rules.defaults.reservationTimeout)
      : undefined;
  }

  return {
    known,
    async resolve(ws, ww, rules, { waitMs } = {}) {
      const hit = known(ww, rules);
      if (hit !== undefined) {
        return hit;
      }
      let pending = inflight.get(ww);
      if (!pending) {
        pending = lookup(ws, ww).finally(() => inflight.delete(ww));
        inflight.set(ww, pending);
      }
      const seconds = waitMs === undefined ? await pending : await settleWithin(pending, waitMs);
      return seconds ?? rules.defaults.reservationTimeout;
    },
  };
}
