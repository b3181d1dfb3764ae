import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { Queue, QueueEvents } from 'bullmq';
import { inject } from 'vitest';
import { createInfrastructure } from '../../src/compose/create-infrastructure.js';
import { createWebProcess } from '../../src/compose/create-web-process.js';
import { createWorkerProcess } from '../../src/compose/create-worker-process.js';
import { keyPrefixOf } from '../../src/compose/key-prefix.js';
import { createRulesReloader, type ReloadResult } from '../../src/config/create-rules-reloader.js';
import { createRulesSource } from '../../src/rules/rules-in-force.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { loadRules } from '../../src/config/load-rules.js';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { QUEUE_NAME } from '../../src/queue/contract.js';
import { createMetrics } from '../../src/shared/create-metrics.js';
import { createRedis } from '../../src/shared/create-redis.js';
import { createLogger } from '../../src/shared/logger.js';
import { createRedisReservationStore } from '../../src/state/create-redis-reservation-store.js';
import type { ReservationRecord } from '../../src/state/reservation-record.js';
import { startSimulator } from '../../src/simulator/start-simulator.js';
import { signForm } from './sign-callback.js';
import { newSid } from './sids.js';

export const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
export const AUTH_TOKEN = 'integration-test-auth-token';
export const ADMIN_TOKEN = 'integration-admin-token-0123456789';
/** What TaskRouter would be configured to call; the test server listens elsewhere, on purpose. */
export const PUBLIC_BASE_URL = 'https://assigner.example.test';

export interface ServiceOptions {
  readonly rulesPath: string;
  /** Extra environment (e.g. `DEADLINE_MARGIN_MS`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Start the worker too. @defaultValue true */
  readonly worker?: boolean;
  /** Watch RULES_PATH and reload on change, as the web process does. @defaultValue false */
  readonly watchRules?: boolean;
  /** Workflows the simulator knows, with their reservation timeouts (seconds). */
  readonly workflows?: Readonly<Record<string, { taskReservationTimeout: number }>>;
  /** Redis to use; by default the integration project's (vitest `inject`), so scripts can pass one. */
  readonly redisUrl?: string;
  /** REST calls with this API key (the simulator accepts it too), so the auth token can rotate. */
  readonly apiKey?: { readonly sid: string; readonly secret: string };
}

export interface CallbackInput {
  readonly reservationSid?: string;
  readonly taskAttributes?: Record<string, unknown>;
  readonly workerAttributes?: Record<string, unknown>;
  readonly workflowSid?: string;
  readonly extra?: Record<string, string>;
  /** Create the reservation, pending, in the simulator first. @defaultValue true */
  readonly createInSimulator?: boolean;
}

export const WS = newSid('WS');
export const WW = newSid('WW');

/**
 * The service in-process (web app on port 0 and, unless told otherwise, the worker) on the shared
 * test Redis under a key prefix of its own, with the simulator as TaskRouter.
 */
export async function startService(opts: ServiceOptions) {
  const redisUrl = opts.redisUrl ?? inject('redisUrl');
  const workflows = opts.workflows ?? { [WW]: { taskReservationTimeout: 120 } };
  const sim = await startSimulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    workflows,
    ...(opts.apiKey ? { apiKey: opts.apiKey.sid, apiSecret: opts.apiKey.secret } : {}),
  });
  const config: Config = loadConfig({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TASKROUTER_BASE_URL: sim.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    RULES_PATH: opts.rulesPath,
    ADMIN_TOKEN,
    LOG_LEVEL: 'debug',
    RETRY_BASE_MS: '20',
    ...(opts.apiKey
      ? { TWILIO_API_KEY: opts.apiKey.sid, TWILIO_API_SECRET: opts.apiKey.secret }
      : {}),
    ...opts.env,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const log = createLogger({ level: config.logLevel, destination: sink });
  const metrics = createMetrics();
  const rules = createRulesSource(loadRules(config.rulesPath).ruleSet);
  const reloads: ReloadResult[] = [];
  const reloadWaiters: Array<() => void> = [];
  const reloader = createRulesReloader({
    path: config.rulesPath,
    source: rules,
    metrics,
    log,
    debounceMs: 50,
    onReload: (r) => {
      reloads.push(r);
      reloadWaiters.splice(0).forEach((wake) => wake());
    },
  });
  const stopWatching = opts.watchRules ? reloader.start() : () => undefined;
  const infra = createInfrastructure({ config, metrics, log, now: Date.now });
  const web = createWebProcess({ config, infra, rules, metrics, log });
  const server = await new Promise<Server>((resolve) => {
    const s = web.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const worker =
    opts.worker === false ? undefined : createWorkerProcess({ config, infra, metrics, log });

  const prefix = keyPrefixOf(config);
  const redis = createRedis(config.redis.url, 'worker', 'test-harness', {
    cluster: config.redis.cluster,
  });
  redis.on('error', () => undefined);
  const store = createRedisReservationStore({ redis, keyPrefix: prefix });
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
  // BullMQ blocks on a duplicate of a connection it is given and never closes the one given.
  const eventsConnection = createRedis(config.redis.url, 'worker', 'test-harness-events', {
    cluster: config.redis.cluster,
  });
  eventsConnection.on('error', () => undefined);
  const queueEvents = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix });
  await queueEvents.waitUntilReady();

  async function post(path: string, body: string, headers: Record<string, string>) {
    const res = await fetch(url + path, { method: 'POST', body, headers });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      text,
      json: text ? (JSON.parse(text) as unknown) : null,
    };
  }

  return {
    url,
    sim,
    config,
    metrics,
    store,
    queue,
    logLines,
    rules,
    reloader,
    /** Resolves with the next reload attempt's result (of a change or an explicit reload). */
    nextReload(): Promise<ReloadResult> {
      const seen = reloads.length;
      return new Promise((resolve) => {
        const check = () =>
          reloads.length > seen
            ? resolve(reloads[seen] as ReloadResult)
            : reloadWaiters.push(check);
        check();
      });
    },
    /** Builds the twelve documented parameters for a reservation (created pending in the simulator). */
    callback(input: CallbackInput = {}): Record<string, string> {
      const reservationSid = input.reservationSid ?? newSid('WR');
      const taskSid = newSid('WT');
      const workerSid = newSid('WK');
      const workflowSid = input.workflowSid ?? WW;
      if (input.createInSimulator !== false) {
        sim.createReservation({
          workspaceSid: WS,
          taskSid,
          workerSid,
          sid: reservationSid,
          workflowSid,
          workerAttributes: input.workerAttributes ?? {},
          taskAttributes: input.taskAttributes ?? {},
        });
      }
      return {
        AccountSid: ACCOUNT_SID,
        WorkspaceSid: WS,
        WorkflowSid: workflowSid,
        TaskQueueSid: newSid('WQ'),
        WorkerSid: workerSid,
        WorkerAttributes: JSON.stringify(input.workerAttributes ?? {}),
        TaskSid: taskSid,
        TaskAttributes: JSON.stringify(input.taskAttributes ?? {}),
        TaskAge: '3',
        TaskPriority: '0',
        ReservationSid: reservationSid,
        Timestamp: String(Math.floor(Date.now() / 1000)),
        ...input.extra,
      };
    },
    /**
     * POSTs a callback signed over the exact body sent, as TaskRouter does, and returns once the
     * answer is in and the records the web process writes behind answers (gathered for
     * RECORD_GATHER_MS) are written, so a test reads them without waiting on a timer.
     */
    async postSigned(params: Record<string, string>, path = ASSIGNMENT_PATH) {
      const { body, signature } = signForm(AUTH_TOKEN, PUBLIC_BASE_URL + path, params);
      const res = await post(path, body, {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      });
      await web.flushRecords();
      return res;
    },
    post,
    /** Resolves when the job for this reservation finished (completed or failed). */
    async jobFinished(reservationSid: string): Promise<void> {
      const job = await queue.getJob(reservationSid);
      if (!job) {
        throw new Error(`no job for ${reservationSid}`);
      }
      await job.waitUntilFinished(queueEvents).catch(() => undefined);
    },
    /** The record as stored once every record the web process had gathered is written. */
    async record(reservationSid: string): Promise<ReservationRecord | null> {
      await web.flushRecords();
      return store.get(reservationSid);
    },
    async close() {
      stopWatching();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      for (const step of [...(worker?.shutdownSteps ?? []), ...web.shutdownSteps, infra.close]) {
        await step.run();
      }
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queueEvents.close();
      eventsConnection.disconnect();
      await queue.close();
      // On a cluster KEYS asks one node; the throwaway cluster is torn down whole instead.
      const keys = config.redis.cluster ? [] : await redis.keys(`${prefix}*`);
      if (keys.length > 0) {
        await redis.del(...keys);
      }
      await redis.quit();
      await sim.close();
    },
  };
}

export type TestService = Awaited<ReturnType<typeof startService>>;
