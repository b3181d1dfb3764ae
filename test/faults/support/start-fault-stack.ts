import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME } from '../../../src/queue/contract.js';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import { freePort, startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { newSid } from '../../support/sids.js';
import { startSlowProxy, type SlowProxy } from './slow-proxy.js';
import { spawnService, type ServiceProcess } from './spawn-service.js';

export const ACCOUNT_SID = `AC${'f'.repeat(32)}`;
export const AUTH_TOKEN = 'fault-suite-auth-token';
/** What TaskRouter is configured to call; the processes listen on loopback ports. */
export const PUBLIC_BASE_URL = 'https://assigner.example.test';
export const WS = newSid('WS');
/** The Workflow of `test/fixtures/rules/faults.yaml`, with its reservation timeout. */
export const WW = `WW${'fa'.repeat(16)}`;
export const RESERVATION_TIMEOUT_S = 25;
export const RULES_PATH = 'test/fixtures/rules/faults.yaml';
/** The service's default `DEADLINE_MARGIN_MS`. */
export const DEADLINE_MARGIN_MS = 1000;
/** `CALLBACK_BUDGET_MS` given to every process: no callback may be answered later than this. */
export const CALLBACK_BUDGET_MS = 2000;
/**
 * The most a caller may see beyond the budget: the budget runs from when the handler starts, so the
 * connection's accept, reading the body, the signature check and the loopback both ways come on
 * top (tens of ms on a quiet machine, a few hundred when the cores are shared). Still 2.5 s inside
 * TaskRouter's 5 s.
 */
export const DELIVERY_SLACK_MS = 500;
/** What the fault suite asserts of every answer, measured by the caller. */
export const ANSWER_LIMIT_MS = CALLBACK_BUDGET_MS + DELIVERY_SLACK_MS;

export interface FaultStackOptions {
  readonly webs?: number;
  readonly workers?: number;
  /** Environment for every process, over the suite's defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** The service reaches Redis through a proxy that can slow its replies (`stack.proxy`). */
  readonly redisProxy?: boolean;
  /** Web and worker start while no Redis exists; `startRedis()` brings it up for the first time. */
  readonly redisLate?: boolean;
}

/**
 * A private AOF-backed `redis-server`, the simulator as TaskRouter (in this process, so its
 * fault knobs and ledger are at hand), and real web and worker processes built from dist/.
 */
export interface FaultStack {
  readonly sim: Simulator;
  /** The Redis key prefix of the service (`{…}`), for reading records and the queue. */
  readonly prefix: string;
  /** Base URLs of the web processes, in start order. */
  readonly webUrls: readonly string[];
  readonly webs: readonly ServiceProcess[];
  /** Every worker process started, including killed and stopped ones. */
  readonly workers: readonly ServiceProcess[];
  /** A test-side client that reconnects across Redis restarts. */
  readonly redis: Redis;
  readonly queue: Queue;
  /** Jobs BullMQ found stalled (their worker died or stopped renewing the lock). */
  readonly stalled: readonly string[];
  startWorker(env?: Readonly<Record<string, string>>): Promise<ServiceProcess>;
  /** Kills redis-server (SIGKILL with `hard`) and waits for it to exit; the data dir stays. */
  stopRedis(opts: { hard: boolean }): Promise<void>;
  /** Starts redis-server (again) on the same port and dir (the AOF brings the data back). */
  startRedis(): Promise<void>;
  /** SIGSTOP / SIGCONT to redis-server: its connections stay open and nothing answers. */
  freezeRedis(): void;
  thawRedis(): void;
  /** With `redisProxy`: the proxy between the service and redis-server. */
  readonly proxy: SlowProxy | undefined;
  /** Resolves once BullMQ sees the workers on the queue (after a late Redis start). */
  waitForWorkers(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultStack(opts: FaultStackOptions = {}): Promise<FaultStack> {
  const dir = mkdtempSync(join(tmpdir(), 'tra-faults-redis-'));
  const port = await freePort();
  let server: RedisServer | undefined = opts.redisLate
    ? undefined
    : await startRedisServer({ aof: true, dir, port });
  const url = `redis://127.0.0.1:${port}`;
  const proxy = opts.redisProxy ? await startSlowProxy(port) : undefined;
  const sim = await startSimulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    workflows: { [WW]: { taskReservationTimeout: RESERVATION_TIMEOUT_S } },
  });
  const redisPrefix = 'faults';
  const prefix = `{${redisPrefix}}`;
  const baseEnv: Record<string, string> = {
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TASKROUTER_BASE_URL: sim.url,
    REDIS_URL: proxy?.url ?? url,
    REDIS_PREFIX: redisPrefix,
    RULES_PATH,
    LOG_LEVEL: 'info',
    WORKER_CONCURRENCY: '20',
    DEADLINE_MARGIN_MS: String(DEADLINE_MARGIN_MS),
    CALLBACK_BUDGET_MS: String(CALLBACK_BUDGET_MS),
    ...opts.env,
  };
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
  queue.on('error', () => undefined);
  const queueEvents = new QueueEvents(QUEUE_NAME, {
    connection: { host: '127.0.0.1', port, maxRetriesPerRequest: null },
    prefix,
  });
  queueEvents.on('error', () => undefined);
  const stalled: string[] = [];
  queueEvents.on('stalled', ({ jobId }) => stalled.push(jobId));
  if (!opts.redisLate) {
    await queueEvents.waitUntilReady();
  }

  const workers: ServiceProcess[] = [];
  let workersStarted = 0;
  const webs: ServiceProcess[] = [];
  const webUrls: string[] = [];
  const startWorker = async (env: Readonly<Record<string, string>> = {}) => {
    workersStarted += 1;
    const proc = await spawnService({
      kind: 'worker',
      name: `worker-${workersStarted}`,
      env: { ...baseEnv, ...env },
    });
    workers.push(proc);
    return proc;
  };
  const startWeb = async () => {
    const webPort = await freePort();
    const proc = await spawnService({
      kind: 'web',
      name: `web-${webs.length + 1}`,
      env: { ...baseEnv, PORT: String(webPort) },
    });
    webs.push(proc);
    webUrls.push(`http://127.0.0.1:${webPort}`);
  };
  // Sequential: free ports are picked one at a time, so two webs cannot draw the same one.
  for (let i = 0; i < (opts.webs ?? 1); i += 1) {
    await startWeb();
  }
  await Promise.all(Array.from({ length: opts.workers ?? 1 }, () => startWorker()));
  if (!opts.redisLate) {
    await waitForWorkers(queue, opts.workers ?? 1);
  }
  let redisPid: number | undefined;
  // The server's own pid, read while it answers (INFO server: process_id), for SIGSTOP/SIGCONT.
  const readRedisPid = async () => {
    redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
  };
  if (server) {
    await readRedisPid();
  }

  return {
    sim,
    prefix,
    webUrls,
    webs,
    workers,
    redis,
    queue,
    stalled,
    startWorker,
    proxy,
    async stopRedis({ hard }) {
      await server?.stop({ hard, keepDir: true });
      redisPid = undefined;
    },
    async startRedis() {
      server = await startRedisServer({ aof: true, dir, port });
      await readRedisPid();
    },
    freezeRedis() {
      process.kill(redisPid as number, 'SIGSTOP');
    },
    thawRedis() {
      process.kill(redisPid as number, 'SIGCONT');
    },
    waitForWorkers: () => waitForWorkers(queue, workers.filter((w) => w.running).length),
    async close() {
      if (redisPid !== undefined) {
        // A scenario that failed while Redis was frozen must not leave it stopped.
        try {
          process.kill(redisPid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
      await Promise.all([...webs, ...workers].map((p) => p.stop()));
      await queueEvents.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
      redis.disconnect();
      await proxy?.close();
      await server?.stop({ hard: true, keepDir: true });
      rmSync(dir, { recursive: true, force: true });
      await sim.close();
    },
  };
}

/**
 * Waits until BullMQ sees `count` workers on the queue (their blocking connections are up), so
 * traffic does not start while the processes are still loading. Polls Redis, bounded.
 */
async function waitForWorkers(queue: Queue, count: number): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if ((await queue.getWorkersCount()) >= count) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`BullMQ did not see ${count} worker(s) on the queue within 15 s`);
}
