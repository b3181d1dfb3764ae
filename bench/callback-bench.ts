/**
 * Callback path: signed Assignment Callbacks (each a new ReservationSid) at fixed offered rates,
 * paced open-loop by a generator in its own process, against three real processes on one Redis:
 *
 * - `bare`: Express 5 that only parses the form and answers accept (the ceiling);
 * - `inline`: dist/server.js, rules answering the instruction in the callback;
 * - `async`: dist/server.js, rules enqueueing a BullMQ job; **no worker runs**, so the figures are
 *   the web path alone (claim, enqueue, `queued` patch), as TaskRouter sees it.
 *
 * Rates are interleaved (each rate runs against every target before the next rate) so drift in
 * the machine's background load hits all three alike; a target stops climbing after its first
 * saturated step.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkIpcChild, type IpcChild } from './lib/child-ipc.js';
import {
  stepCount,
  type PrepareRequest,
  type StepRequest,
  type StepResult,
} from './lib/load-generator.js';
import { describeMachine, type MachineInfo } from './lib/machine.js';
import {
  freePort,
  startBenchRedis,
  startNode,
  waitForHttp,
  type BenchProcess,
} from './lib/processes.js';
import { createProcSampler, type MachineUsage, type ProcessUsage } from './lib/proc-sampler.js';
import { cpuProfArgs, ROOT, startServiceProcess } from './lib/service.js';

/**
 * `inline-base` and `async-base` run the same service from another build (`baseDist`, e.g. an
 * older commit built with `tsc --outDir`), so a change is measured against its baseline in one run.
 */
export type CallbackTarget = 'bare' | 'inline' | 'async' | 'inline-base' | 'async-base';

export const ALL_CALLBACK_TARGETS: readonly CallbackTarget[] = [
  'bare',
  'inline',
  'async',
  'inline-base',
  'async-base',
];

export interface CallbackBenchOptions {
  readonly rates: readonly number[];
  readonly targets: readonly CallbackTarget[];
  readonly stepMs: number;
  readonly drainMs: number;
  /** Pause between steps, so one step's backlog and GC do not spill into the next. */
  readonly pauseMs: number;
  readonly maxSockets: number;
  /** The service's LOG_LEVEL (its log goes to a file, as in production). */
  readonly logLevel: string;
  readonly logDir?: string;
  readonly cpuProfDir?: string;
  /** A step is saturated below this share of the offered rate… */
  readonly saturatedBelow: number;
  /**
   * …or when its p99 is above this: by default TaskRouter's own 5 s callback timeout, past which
   * callbacks fail. (A transient backlog, e.g. from a GC pause, can push p99 near a second
   * while the target keeps up, so a tighter threshold stops the climb too early.)
   */
  readonly saturatedP99Ms: number;
  /** A target stops climbing after this many saturated steps in a row. */
  readonly stopAfterSaturated: number;
  /** Unrecorded load sent to each target first, so the measured steps run on warm (JIT-compiled) code. */
  readonly warmup: { readonly rate: number; readonly ms: number };
  readonly log?: (line: string) => void;
  /** The build the `*-base` targets run (a folder holding server.js). */
  readonly baseDist?: string;
  /**
   * Node flags for the `-base` targets only (e.g. `--max-semi-space-size=32`): with
   * `baseDist` = dist/, the same build with and without a GC setting, in one run.
   */
  readonly baseNodeArgs?: readonly string[];
  /**
   * Before everything else, a fresh process of each target gets this load, recorded: its p99
   * against its steady p99 at the same rate (a later step) shows a warm-up cliff.
   */
  readonly firstLoad: { readonly rate: number; readonly ms: number };
}

export const CALLBACK_DEFAULTS: CallbackBenchOptions = {
  rates: [250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 7000, 8000],
  targets: ['bare', 'inline', 'async'],
  stepMs: 4000,
  drainMs: 5000,
  pauseMs: 1000,
  maxSockets: 256,
  logLevel: 'info',
  saturatedBelow: 0.95,
  saturatedP99Ms: 5000,
  stopAfterSaturated: 2,
  warmup: { rate: 1000, ms: 5000 },
  firstLoad: { rate: 500, ms: 3000 },
};

export interface CallbackStep extends StepResult {
  readonly target: CallbackTarget;
  readonly saturated: boolean;
  /** CPU time the target process spent per answered callback, microseconds (contention-robust). */
  readonly cpuUsPerCallback: number;
  readonly processes: readonly ProcessUsage[];
  readonly machine: MachineUsage;
}

export interface CallbackBenchResult {
  readonly kind: 'callback';
  readonly machine: MachineInfo;
  readonly options: Omit<CallbackBenchOptions, 'log'>;
  readonly steps: readonly CallbackStep[];
  /** Highest achieved rate per target. */
  readonly peak: Partial<Record<CallbackTarget, number>>;
  /** Peak of each target divided by the bare Express peak of the same run. */
  readonly ratioToBare: Partial<Record<CallbackTarget, number>>;
  /** The first load of each fresh process, against its steady p99 at the same rate. */
  readonly warmUp: readonly WarmUpCheck[];
}

export interface WarmUpCheck {
  readonly target: CallbackTarget;
  readonly rate: number;
  readonly firstMs: number;
  readonly firstP99Ms: number | null;
  readonly firstCpuUsPerCallback: number;
  /** p99 of the later step at the same rate; null when the ladder has no such step. */
  readonly steadyP99Ms: number | null;
  /** First p99 more than twice the steady p99. */
  readonly cliff: boolean;
}

function prepareStep(gen: IpcChild, target: { port: number; url: string }, count: number) {
  return gen.call<{ count: number; signMs: number }>({
    type: 'prepare',
    port: target.port,
    publicBaseUrl: target.url,
    count,
  } satisfies PrepareRequest);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runCallbackBench(
  partial: Partial<CallbackBenchOptions> = {},
): Promise<CallbackBenchResult> {
  const opts: CallbackBenchOptions = { ...CALLBACK_DEFAULTS, ...partial };
  const log = opts.log ?? ((line: string) => console.log(line));
  const logDir = opts.logDir ?? mkdtempSync(join(tmpdir(), 'tra-bench-callback-'));
  mkdirSync(logDir, { recursive: true });
  const started: BenchProcess[] = [];
  let generator: IpcChild | undefined;
  try {
    const redis = await startBenchRedis();
    started.push(redis);
    const targets = new Map<CallbackTarget, BenchProcess & { port: number; url: string }>();
    // Nothing may call TaskRouter here: the rules give the workflow's timeout, and there is no worker.
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    await Promise.all(
      opts.targets.map(async (t) => {
        if (t === 'bare') {
          const port = await freePort();
          const proc = startNode({
            name: 'bare-express',
            script: join(ROOT, 'bench/lib/bare-express.ts'),
            execArgv: ['--import', 'tsx', ...cpuProfArgs(opts.cpuProfDir, 'bare-express')],
            env: {
              PORT: String(port),
              NODE_ENV: 'production',
              PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
            },
            logFile: join(logDir, 'bare-express.log'),
          });
          started.push(proc);
          const url = `http://127.0.0.1:${port}`;
          await waitForHttp(`${url}/healthz`, proc);
          targets.set(t, { ...proc, port, url });
          return;
        }
        const base = t.endsWith('-base');
        if (base && !opts.baseDist) {
          throw new Error(`target ${t} needs a baseline build (--base-dist DIR)`);
        }
        const proc = await startServiceProcess({
          kind: 'web',
          mode: base ? (t === 'inline-base' ? 'inline' : 'async') : (t as 'inline' | 'async'),
          ...(base && opts.baseDist && { distDir: opts.baseDist, name: `web-${t}` }),
          redisUrl: redis.url,
          taskrouterBaseUrl: nowhere,
          logDir,
          logLevel: opts.logLevel,
          redisPrefix: `bench-${t}`,
          cpuProfDir: opts.cpuProfDir,
          ...(base && opts.baseNodeArgs && { nodeArgs: opts.baseNodeArgs }),
        });
        started.push(proc);
        targets.set(t, proc);
      }),
    );
    generator = await forkIpcChild(
      fileURLToPath(new URL('./lib/load-generator.ts', import.meta.url)),
    );
    const genPid = generator.pid;
    log(`callback bench: targets ${opts.targets.join(', ')}; logs in ${logDir}`);
    const firsts: { target: CallbackTarget; result: StepResult; cpuUs: number }[] = [];
    for (const t of opts.targets) {
      const target = targets.get(t);
      if (target && opts.firstLoad.ms > 0) {
        await prepareStep(generator, target, stepCount(opts.firstLoad.rate, opts.firstLoad.ms));
        const sampler = createProcSampler([{ name: target.name, pid: target.pid }]);
        sampler.start();
        const result = await generator.call<StepResult>({
          type: 'step',
          port: target.port,
          rate: opts.firstLoad.rate,
          durationMs: opts.firstLoad.ms,
          drainMs: opts.drainMs,
          maxSockets: opts.maxSockets,
        } satisfies StepRequest);
        const cpu = sampler.stop().processes[0]?.cpuSeconds ?? 0;
        const cpuUs = result.ok > 0 ? Math.round((cpu * 1e6) / result.ok) : 0;
        firsts.push({ target: t, result, cpuUs });
        log(
          `${t}: first ${opts.firstLoad.ms} ms at ${opts.firstLoad.rate}/s of a fresh process: p99 ${result.latencyMs.p99 ?? '–'} ms, ${cpuUs} µs CPU/callback`,
        );
      }
    }
    for (const t of opts.targets) {
      const target = targets.get(t);
      if (target && opts.warmup.ms > 0) {
        await prepareStep(generator, target, stepCount(opts.warmup.rate, opts.warmup.ms));
        await generator.call<StepResult>({
          type: 'step',
          port: target.port,
          rate: opts.warmup.rate,
          durationMs: opts.warmup.ms,
          drainMs: opts.drainMs,
          maxSockets: opts.maxSockets,
        } satisfies StepRequest);
      }
    }
    await sleep(opts.pauseMs);

    const steps: CallbackStep[] = [];
    const saturated = new Set<CallbackTarget>();
    const inARow = new Map<CallbackTarget, number>();
    for (const rate of opts.rates) {
      for (const t of opts.targets) {
        const target = targets.get(t);
        if (!target || saturated.has(t)) {
          continue;
        }
        await prepareStep(generator, target, stepCount(rate, opts.stepMs));
        const sampler = createProcSampler([
          { name: target.name, pid: target.pid },
          { name: 'redis', pid: redis.pid },
          { name: 'load-generator', pid: genPid },
        ]);
        sampler.start();
        const result = await generator.call<StepResult>({
          type: 'step',
          port: target.port,
          rate,
          durationMs: opts.stepMs,
          drainMs: opts.drainMs,
          maxSockets: opts.maxSockets,
        } satisfies StepRequest);
        const usage = sampler.stop();
        const errorCount = Object.values(result.errors).reduce((a, b) => a + b, 0);
        const isSaturated =
          result.achievedRate < rate * opts.saturatedBelow ||
          result.unanswered > 0 ||
          errorCount > result.scheduled * 0.01 ||
          (result.latencyMs.p99 ?? Infinity) > opts.saturatedP99Ms;
        inARow.set(t, isSaturated ? (inARow.get(t) ?? 0) + 1 : 0);
        if ((inARow.get(t) ?? 0) >= opts.stopAfterSaturated) {
          saturated.add(t);
        }
        const cpu = usage.processes[0]?.cpuSeconds ?? 0;
        const cpuUsPerCallback = result.ok > 0 ? Math.round((cpu * 1e6) / result.ok) : 0;
        steps.push({ target: t, ...result, saturated: isSaturated, cpuUsPerCallback, ...usage });
        log(
          formatStep(
            t,
            result,
            isSaturated,
            usage.processes[0]?.cpuCores ?? 0,
            usage.machine.otherCores,
          ),
        );
        await sleep(isSaturated ? opts.pauseMs * 3 : opts.pauseMs);
      }
      if (opts.targets.every((t) => saturated.has(t))) {
        break;
      }
    }
    const peak: Partial<Record<CallbackTarget, number>> = {};
    for (const s of steps) {
      peak[s.target] = Math.max(peak[s.target] ?? 0, s.achievedRate);
    }
    const ratioToBare: Partial<Record<CallbackTarget, number>> = {};
    for (const t of opts.targets) {
      const p = peak[t];
      if (p !== undefined && peak.bare) {
        ratioToBare[t] = Math.round((p / peak.bare) * 1000) / 1000;
      }
    }
    const warmUp = firsts.map(({ target, result, cpuUs }): WarmUpCheck => {
      const steady = steps.find(
        (s) => s.target === target && s.offeredRate === opts.firstLoad.rate,
      );
      const steadyP99Ms = steady?.latencyMs.p99 ?? null;
      const firstP99Ms = result.latencyMs.p99 ?? null;
      return {
        target,
        rate: opts.firstLoad.rate,
        firstMs: opts.firstLoad.ms,
        firstP99Ms,
        firstCpuUsPerCallback: cpuUs,
        steadyP99Ms,
        cliff: firstP99Ms !== null && steadyP99Ms !== null && firstP99Ms > 2 * steadyP99Ms,
      };
    });
    const { log: _log, ...recorded } = opts;
    return {
      kind: 'callback',
      machine: describeMachine(),
      options: recorded,
      steps,
      peak,
      ratioToBare,
      warmUp,
    };
  } finally {
    await generator?.close();
    await Promise.all(started.reverse().map((p) => p.stop()));
  }
}

function formatStep(
  t: string,
  r: StepResult,
  saturated: boolean,
  cpu: number,
  other: number,
): string {
  const l = r.latencyMs;
  const errs =
    Object.entries(r.errors)
      .map(([k, v]) => `${k}:${v}`)
      .join(',') || '0';
  return (
    `  ${t.padEnd(6)} offered ${String(r.offeredRate).padStart(5)}/s achieved ${String(r.achievedRate).padStart(7)}/s ` +
    `p50 ${l.p50} p99 ${l.p99} max ${l.max} ms; errors ${errs}, unanswered ${r.unanswered}; ` +
    `cpu ${cpu} other ${other}${saturated ? '  [saturated]' : ''}`
  );
}
