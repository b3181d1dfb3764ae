/**
 * End to end: TaskRouter (its own process: the simulator, or a minimal stub that checks nothing)
 * creates reservations at a fixed rate; each one's Assignment Callback goes to dist/server.js,
 * which enqueues a job; dist/worker.js takes it and sends the REST update through the twilio
 * library back. Every rate gets fresh processes (Redis, TaskRouter, web, worker), so CPU, peak
 * RSS and Redis's command counts are that rate's alone.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkIpcChild, type IpcChild } from './lib/child-ipc.js';
import type { DriverResult, DriverRun, DriverStart } from './lib/e2e-driver.js';
import { describeMachine, type MachineInfo } from './lib/machine.js';
import {
  freePort,
  startBenchRedisLayout,
  startNodeReady,
  type BenchProcess,
} from './lib/processes.js';
import { commandsPerReservation, readCommandStatsOf } from './lib/redis-command-stats.js';
import { readTcpCounters, tcpCountersBetween, type TcpCounters } from './lib/tcp-counters.js';
import { createProcSampler, type MachineUsage, type ProcessUsage } from './lib/proc-sampler.js';
import { startRssTimeline, type RssTimeline } from './lib/rss-timeline.js';
import { cpuProfArgs, procfileNodeArgs, startServiceProcess } from './lib/service.js';

export interface E2eBenchOptions {
  readonly rates: readonly number[];
  readonly durationMs: number;
  readonly drainMs: number;
  /** The workflow's TaskReservationTimeout in the simulator (bench/rules/*.yaml say 30). */
  readonly reservationTimeoutS: number;
  readonly mode: 'async' | 'inline';
  /**
   * `simulator`: the project's simulator, every request checked against the OpenAPI document.
   * `stub`: a minimal `node:http` stub (`lib/e2e-stub-driver.ts`), so the two cores go to the
   * service rather than to the checks.
   */
  readonly taskrouter: 'simulator' | 'stub';
  /** The built service to run (e.g. a copy of the build before a change). @defaultValue dist/ */
  readonly distDir?: string;
  /** Node flags of the web and worker processes. @defaultValue the Procfile's (`[]`: none) */
  readonly nodeArgs?: readonly string[];
  /** With no traffic, how long to sample what polling alone costs (0: not measured). */
  readonly idleMs: number;
  /** Also send Workspace Event Callbacks (reservation.created, .accepted) to the service. */
  readonly events: boolean;
  readonly workerConcurrency: number;
  /**
   * `QUEUE_SHARDS` of web and worker: the queue and records split over this many hash tags on
   * the bench's one Redis (what each shard costs; spreading them needs a Redis Cluster, see the
   * fault suite's sharded-cluster test). @defaultValue 1
   */
  readonly shards?: number;
  /**
   * Run on a local Redis Cluster of this many primaries (`REDIS_CLUSTER=true`) instead of one
   * Redis; with `shards` equal to it, each shard lands on a primary of its own. Each primary's
   * CPU is reported on its own (`redis-0` …), so the spread is seen.
   */
  readonly cluster?: number;
  /** Unrecorded reservations sent first, so the measured run finds warm (JIT-compiled) processes. */
  readonly warmup: { readonly rate: number; readonly ms: number };
  readonly logLevel: string;
  /** Also sample each process's RSS this often during the measured run (the soak's trend). */
  readonly rssEveryMs?: number;
  readonly logDir?: string;
  readonly cpuProfDir?: string;
  /**
   * Before the service at each rate, run the same load through the pipeline a user writes by
   * hand (`lib/by-hand-web.ts`, `lib/by-hand-worker.ts`: Express + validateRequest + BullMQ add;
   * a BullMQ Worker calling the twilio library), so the service's CPU per reservation is read
   * as a ratio to it, measured on the same machine minutes apart.
   */
  readonly peer?: boolean;
  /**
   * How the by-hand worker calls TaskRouter: `twilio` (the library's own client, what users
   * write) or `node-http` (a bare POST: the floor of such a pipeline). @defaultValue twilio
   */
  readonly peerClient?: 'twilio' | 'node-http';
  readonly log?: (line: string) => void;
}

export const E2E_DEFAULTS: E2eBenchOptions = {
  rates: [100, 500, 1000],
  durationMs: 10_000,
  drainMs: 10_000,
  reservationTimeoutS: 30,
  mode: 'async',
  taskrouter: 'simulator',
  idleMs: 5000,
  events: false,
  workerConcurrency: 50,
  warmup: { rate: 200, ms: 3000 },
  logLevel: 'info',
};

export interface E2eStep extends DriverResult {
  readonly durationMs: number;
  /** CPU time per settled reservation, microseconds, by process (contention-robust). */
  readonly cpuUsPerReservation: Readonly<Record<string, number>>;
  readonly processes: readonly ProcessUsage[];
  readonly machine: MachineUsage;
  /** Redis commands per settled reservation (INFO commandstats before/after the run). */
  readonly redisCommands: ReturnType<typeof commandsPerReservation>;
  /** With no traffic: each process's CPU as % of one core, and Redis commands per second. */
  readonly idle?: {
    readonly seconds: number;
    readonly corePct: Readonly<Record<string, number>>;
    readonly redisCommandsPerSecond: number;
  };
  readonly rss?: RssTimeline;
  /** Machine-wide over the measured run (Linux; null elsewhere): listen overflows above 0 mean
   * connections waited 1 s or more for a SYN retry, as in issue 14. */
  readonly tcp?: TcpCounters | null;
  /** From spawn to the first 200 of `/healthz`, ms: web and worker started together. */
  readonly readyMs?: { readonly web: number; readonly worker: number };
  /** The by-hand pipeline at the same rate, just before (with `peer`). */
  readonly peer?: PeerStep;
}

/** What the by-hand pipeline did at a rate: enough to read the service against it. */
export interface PeerStep {
  readonly accepted: number;
  readonly created: number;
  readonly latencyMs: DriverResult['latencyMs'];
  readonly cpuUsPerReservation: Readonly<Record<string, number>>;
  readonly processes: readonly ProcessUsage[];
  readonly redisCommands: { readonly total: number };
}

type Pipeline = 'service' | 'by-hand';

export interface E2eBenchResult {
  readonly kind: 'e2e';
  readonly machine: MachineInfo;
  readonly options: Omit<E2eBenchOptions, 'log'>;
  readonly steps: readonly E2eStep[];
}

export async function runE2eBench(partial: Partial<E2eBenchOptions> = {}): Promise<E2eBenchResult> {
  const opts: E2eBenchOptions = { ...E2E_DEFAULTS, ...partial };
  if (opts.peer && (opts.cluster !== undefined || (opts.shards ?? 1) > 1)) {
    throw new Error('--e2e-peer runs on one Redis and one queue: drop --cluster and --shards');
  }
  const log = opts.log ?? ((line: string) => console.log(line));
  const logRoot = opts.logDir ?? mkdtempSync(join(tmpdir(), 'tra-bench-e2e-'));
  log(
    `end-to-end bench (${opts.taskrouter}, ${opts.mode}${opts.events ? ', with event callbacks' : ''}); logs in ${logRoot}`,
  );
  const steps: E2eStep[] = [];
  for (const rate of opts.rates) {
    const logDir = join(logRoot, `rate-${rate}`);
    mkdirSync(logDir, { recursive: true });
    let peer: E2eStep | undefined;
    if (opts.peer) {
      peer = await runRate(rate, opts, logDir, 'by-hand');
      log(`  by hand (${opts.peerClient ?? 'twilio'}):\n${formatStep(peer)}`);
    }
    const step = await runRate(rate, opts, logDir, 'service');
    steps.push(peer ? { ...step, peer: toPeerStep(peer) } : step);
    log(formatStep(step));
    if (peer) {
      log(formatRatio(step, peer));
    }
  }
  const { log: _log, ...recorded } = opts;
  return { kind: 'e2e', machine: describeMachine(), options: recorded, steps };
}

async function runRate(
  rate: number,
  opts: E2eBenchOptions,
  logDir: string,
  pipeline: Pipeline,
): Promise<E2eStep> {
  const started: Pick<BenchProcess, 'stop'>[] = [];
  let driver: IpcChild | undefined;
  try {
    const redis = await startBenchRedisLayout(opts.cluster);
    started.push(redis);
    const webPort = await freePort();
    const webUrl = `http://127.0.0.1:${webPort}`;
    const driverScript =
      opts.taskrouter === 'stub' ? './lib/e2e-stub-driver.ts' : './lib/e2e-driver.ts';
    driver = await forkIpcChild(
      fileURLToPath(new URL(driverScript, import.meta.url)),
      cpuProfArgs(opts.cpuProfDir, opts.taskrouter),
    );
    const { url: simUrl } = await driver.call<{ url: string }>({
      type: 'start',
      assignmentCallbackUrl: `${webUrl}/taskrouter/assignment`,
      reservationTimeoutS: opts.reservationTimeoutS,
      ...(opts.events ? { eventCallbackUrl: `${webUrl}/taskrouter/events` } : {}),
    } satisfies DriverStart);
    const common = {
      mode: opts.mode,
      redisUrl: redis.url,
      taskrouterBaseUrl: simUrl,
      logDir,
      logLevel: opts.logLevel,
      redisPrefix: 'bench',
      cpuProfDir: opts.cpuProfDir,
      distDir: opts.distDir,
      ...(opts.nodeArgs && { nodeArgs: opts.nodeArgs }),
      extraEnv: {
        QUEUE_SHARDS: String(opts.shards ?? 1),
        ...(redis.cluster && { REDIS_CLUSTER: 'true' }),
      },
    };
    const [web, worker] =
      pipeline === 'by-hand'
        ? await startByHand({
            ...common,
            webPort,
            concurrency: opts.workerConcurrency,
            client: opts.peerClient ?? 'twilio',
          })
        : await Promise.all([
            startServiceProcess({ ...common, kind: 'web', port: webPort }),
            startServiceProcess({
              ...common,
              kind: 'worker',
              extraEnv: {
                ...common.extraEnv,
                WORKER_CONCURRENCY: String(opts.workerConcurrency),
              },
            }),
          ]);
    started.push(web, worker);
    if (opts.warmup.ms > 0) {
      await driver.call<DriverResult>({
        type: 'warmup',
        rate: Math.min(rate, opts.warmup.rate),
        durationMs: opts.warmup.ms,
        drainMs: opts.drainMs,
      } satisfies DriverRun);
      await new Promise((r) => setTimeout(r, 500));
    }
    const procs = [
      { name: 'web', pid: web.pid },
      { name: 'worker', pid: worker.pid },
      ...redis.nodes,
      { name: opts.taskrouter, pid: driver.pid },
    ];
    const idle = opts.idleMs > 0 ? await measureIdle(procs, redis.urls, opts.idleMs) : undefined;
    const statsBefore = await readCommandStatsOf(redis.urls);
    const sampler = createProcSampler(procs);
    const tcpBefore = readTcpCounters();
    sampler.start();
    const timeline =
      opts.rssEveryMs === undefined ? undefined : startRssTimeline(procs, opts.rssEveryMs);
    const result = await driver.call<DriverResult>({
      type: 'run',
      rate,
      durationMs: opts.durationMs,
      drainMs: opts.drainMs,
    } satisfies DriverRun);
    const usage = sampler.stop();
    const tcp = tcpCountersBetween(tcpBefore, readTcpCounters());
    const redisCommands = commandsPerReservation(
      statsBefore,
      await readCommandStatsOf(redis.urls),
      result.accepted,
    );
    const rss = timeline?.stop();
    const cpuUsPerReservation = Object.fromEntries(
      usage.processes.map((p) => [
        p.name,
        result.accepted > 0 ? Math.round((p.cpuSeconds * 1e6) / result.accepted) : 0,
      ]),
    );
    return {
      ...result,
      durationMs: opts.durationMs,
      cpuUsPerReservation,
      ...usage,
      redisCommands,
      ...(idle && { idle }),
      ...(rss && { rss }),
      tcp,
      readyMs: { web: web.readyMs, worker: worker.readyMs },
    };
  } finally {
    await driver?.close();
    await Promise.all(started.reverse().map((p) => p.stop()));
  }
}

/**
 * The by-hand peer's two processes (TypeScript under tsx, with the Procfile's node flags so only
 * the code differs), ready when each answers `/healthz`.
 */
async function startByHand(o: {
  webPort: number;
  concurrency: number;
  client: 'twilio' | 'node-http';
  redisUrl: string;
  taskrouterBaseUrl: string;
  logDir: string;
  cpuProfDir: string | undefined;
  nodeArgs?: readonly string[];
}): Promise<[ReadyProcess, ReadyProcess]> {
  const start = (kind: 'web' | 'worker', port: number, env: Record<string, string>) =>
    startNodeReady({
      name: `by-hand-${kind}`,
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      script: fileURLToPath(new URL(`./lib/by-hand-${kind}.ts`, import.meta.url)),
      execArgv: [
        ...(o.nodeArgs ?? procfileNodeArgs(kind)),
        '--import',
        'tsx',
        ...cpuProfArgs(o.cpuProfDir, `by-hand-${kind}`),
      ],
      env: { NODE_ENV: 'production', REDIS_URL: o.redisUrl, ...env },
      logFile: join(o.logDir, `by-hand-${kind}.log`),
    });
  const workerPort = await freePort();
  return Promise.all([
    start('web', o.webPort, {
      PORT: String(o.webPort),
      PUBLIC_BASE_URL: `http://127.0.0.1:${o.webPort}`,
    }),
    start('worker', workerPort, {
      METRICS_PORT: String(workerPort),
      TASKROUTER_BASE_URL: o.taskrouterBaseUrl,
      WORKER_CONCURRENCY: String(o.concurrency),
      BY_HAND_CLIENT: o.client,
    }),
  ]);
}

type ReadyProcess = BenchProcess & { readyMs: number };

function toPeerStep(s: E2eStep): PeerStep {
  return {
    accepted: s.accepted,
    created: s.created,
    latencyMs: s.latencyMs,
    cpuUsPerReservation: s.cpuUsPerReservation,
    processes: s.processes,
    redisCommands: { total: s.redisCommands.total },
  };
}

/** web + worker + Redis CPU per reservation of the service against the by-hand pipeline's. */
function formatRatio(service: E2eStep, peer: E2eStep): string {
  const pipelineUs = (s: E2eStep) =>
    Object.entries(s.cpuUsPerReservation)
      .filter(([name]) => /^(web|worker|redis(-\d+)?)$/.test(name))
      .reduce((sum, [, us]) => sum + us, 0);
  const ours = pipelineUs(service);
  const theirs = pipelineUs(peer);
  const ratio = theirs > 0 ? (ours / theirs).toFixed(2) : '–';
  return (
    `    web + worker + Redis CPU per reservation: service ${ours} µs, by hand ${theirs} µs (${ratio}×); ` +
    `p99 ${service.latencyMs.p99} vs ${peer.latencyMs.p99} ms; Redis commands ${service.redisCommands.total} vs ${peer.redisCommands.total}`
  );
}

/** What the processes cost with no traffic at all: BullMQ's and the sweeper's polling. */
async function measureIdle(
  pids: ReadonlyArray<{ name: string; pid: number }>,
  redisUrls: readonly string[],
  ms: number,
): Promise<NonNullable<E2eStep['idle']>> {
  const before = await readCommandStatsOf(redisUrls);
  const sampler = createProcSampler(pids);
  sampler.start();
  await new Promise((r) => setTimeout(r, ms));
  const usage = sampler.stop();
  const after = await readCommandStatsOf(redisUrls);
  const seconds = ms / 1000;
  const calls = commandsPerReservation(before, after, 1).total;
  return {
    seconds,
    corePct: Object.fromEntries(
      usage.processes.map((p) => [p.name, Math.round((p.cpuSeconds / seconds) * 10_000) / 100]),
    ),
    redisCommandsPerSecond: Math.round((calls / seconds) * 10) / 10,
  };
}

function formatStep(s: E2eStep): string {
  const proc = s.processes.map((p) => `${p.name} ${p.cpuCores} cores/${p.hwmMB} MB`).join(', ');
  return (
    `  ${String(s.offeredRate).padStart(5)}/s × ${s.durationMs / 1000} s: settled ${s.accepted}/${s.created} ` +
    `(${(s.beforeDeadlineShare * 100).toFixed(2)} % before deadline) p50 ${s.latencyMs.p50} p99 ${s.latencyMs.p99} ` +
    `max ${s.latencyMs.max} ms; ${proc}; other ${s.machine.otherCores} cores\n` +
    `    p99 ms by second of the run: ${s.p99BySecondMs.join(' ')}\n` +
    (s.callbackP99BySecondMs
      ? `    answer p99 ms by second: ${s.callbackP99BySecondMs.join(' ')}\n`
      : '') +
    `    CPU µs/reservation ${JSON.stringify(s.cpuUsPerReservation)}; Redis ${s.redisCommands.total} ` +
    `commands (${s.redisCommands.usecTotal} µs in commands)/reservation ${JSON.stringify(s.redisCommands.byCommand)}` +
    (s.redisCommands.usecByCommand
      ? `\n    Redis µs inside each command per reservation ${JSON.stringify(s.redisCommands.usecByCommand)}`
      : '') +
    (s.tcp
      ? `\n    TCP (machine-wide): listen overflows ${s.tcp.listenOverflows}, SYN retransmits ` +
        `${s.tcp.synRetransmits}, connections opened ${s.tcp.connectionsOpened}`
      : '') +
    (s.readyMs
      ? `\n    ready after spawn (web and worker together): web ${s.readyMs.web} ms, worker ${s.readyMs.worker} ms`
      : '') +
    (s.idle
      ? `\n    idle ${s.idle.seconds} s: % of a core ${JSON.stringify(s.idle.corePct)}, ` +
        `Redis ${s.idle.redisCommandsPerSecond} commands/s`
      : '')
  );
}
