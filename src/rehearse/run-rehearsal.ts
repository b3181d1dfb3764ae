/**
 * A rehearsal: the service in this process with the given rules, the scenario's traffic played
 * against it by the simulator (time compressed by the scenario's speed), then a report of how
 * every reservation settled.
 */
import type { DestinationStream } from 'pino';
import type { RuleSet } from '../rules/rule-set.js';
import type { Scenario } from '../simulator/scenario/compile-scenario.js';
import type { Simulator } from '../simulator/start-simulator.js';
import type { Summary } from '../simulator/summary/summarize.js';
import { startTraffic } from '../simulator/traffic/start-traffic.js';
import { createRedisReservationStore } from '../state/create-redis-reservation-store.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import { createRedis } from '../shared/create-redis.js';
import { buildRehearsalReport } from './build-rehearsal-report.js';
import { compressRules } from './compress-rules.js';
import type { RehearsalReport } from './rehearsal-report.js';
import { startRehearsalStack, type RehearsalStack } from './start-rehearsal-stack.js';

export interface RehearsalOptions {
  readonly ruleSet: RuleSet;
  readonly rulesPath: string;
  /** The scenario with the rehearsal's speed, duration and seed applied. */
  readonly scenario: Scenario;
  readonly scenarioPath: string;
  /** `REDIS_URL` and the service's tuning variables are read from it; nothing else. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the service's own log lines go (level `LOG_LEVEL`, default error). */
  readonly logTo: DestinationStream;
  /** Aborting stops the traffic early; the report covers what happened until then. */
  readonly signal?: AbortSignal | undefined;
  /** Called every `progressMs` of real time with the simulator's summary so far. */
  readonly onProgress?: ((summary: Summary) => void) | undefined;
  /** @defaultValue 5000 */
  readonly progressMs?: number;
}

/** Real ms of a workflow's reservation timeout at `speed`. */
const realTimeoutMs = (seconds: number, speed: number) => (seconds * 1000) / speed;

async function play(stack: RehearsalStack, opts: RehearsalOptions): Promise<void> {
  const traffic = startTraffic(stack.sim, stack.scenario);
  const stop = () => traffic.stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  const progress =
    opts.onProgress === undefined
      ? undefined
      : setInterval(() => opts.onProgress?.(stack.sim.summary()), opts.progressMs ?? 5000);
  try {
    await traffic.done;
    if (opts.signal?.aborted !== true) {
      await settle(stack.sim, stack.scenario);
    }
  } finally {
    clearInterval(progress);
    opts.signal?.removeEventListener('abort', stop);
  }
}

/** Waits (at most one reservation timeout, real time) for the last pending reservations to settle. */
async function settle(sim: Simulator, scenario: Scenario): Promise<void> {
  const longest = Math.max(0, ...scenario.workflows.map((w) => w.taskReservationTimeout));
  const timeoutMs = realTimeoutMs(longest, scenario.speed) + 2000;
  await sim
    .waitFor(() => sim.reservations({ status: 'pending' }).length === 0, {
      timeoutMs,
      description: 'the last pending reservations to settle',
    })
    .catch(() => undefined); // reported as pending
  await sim.drainCallbacks();
}

async function readRecords(
  stack: RehearsalStack,
  sids: readonly string[],
): Promise<Map<string, ReservationRecord | null>> {
  const { url, tlsRejectUnauthorized } = stack.config.redis;
  const redis = createRedis(url, 'worker', 'rehearse', { tlsRejectUnauthorized });
  try {
    const store = createRedisReservationStore({ redis, keyPrefix: stack.keyPrefix });
    const records = await Promise.all(sids.map((sid) => store.get(sid)));
    return new Map(sids.map((sid, i) => [sid, records[i] ?? null]));
  } finally {
    redis.disconnect();
  }
}

function warningsOf(report: Omit<RehearsalReport, 'warnings'>): string[] {
  const warnings: string[] = [];
  const short = report.scenario.workflows.filter((w) => w.realTimeoutMs < 1000);
  if (short.length > 0) {
    warnings.push(
      `reservation timeouts of less than a real second (${short.map((w) => `${w.name} ${Math.round(w.realTimeoutMs)} ms`).join(', ')}): the service's real latencies weigh more than they would; lower --speed to compare`,
    );
  }
  const pending = report.reservations.byOutcome.pending;
  if (pending > 0) {
    warnings.push(`${pending} reservations were still pending when the rehearsal stopped`);
  }
  if (report.rest.violations > 0) {
    warnings.push(`${report.rest.violations} REST requests broke the OpenAPI document`);
  }
  return warnings;
}

/**
 * Runs a rehearsal and reports it. Everything it started is stopped, and its Redis keys are
 * deleted, before it resolves (or rejects).
 */
export async function runRehearsal(opts: RehearsalOptions): Promise<RehearsalReport> {
  const { scenario, ruleSet } = opts;
  const started = Date.now();
  const stack = await startRehearsalStack({
    env: opts.env,
    rulesPath: opts.rulesPath,
    rules: (clock) => compressRules(ruleSet, scenario.speed, () => clock.now()),
    scenario,
    logTo: opts.logTo,
  });
  try {
    await play(stack, opts);
    await stack.stopService();
    await stack.sim.drainCallbacks();
    const reservations = stack.sim.reservations();
    const numbers = buildRehearsalReport(
      {
        reservations,
        callbacks: stack.sim.callbacks,
        violations: stack.sim.violations,
        records: await readRecords(
          stack,
          reservations.map((r) => r.sid),
        ),
        summary: stack.sim.summary(),
        speed: scenario.speed,
      },
      ruleSet.rules.map((rule) => rule.name),
    );
    const report = {
      rules: { path: opts.rulesPath, version: ruleSet.version, rules: ruleSet.rules.length },
      scenario: {
        path: opts.scenarioPath,
        seed: scenario.seed,
        durationSeconds: scenario.durationSeconds,
        speed: scenario.speed,
        workflows: scenario.workflows.map((w) => ({
          name: w.name,
          sid: w.sid,
          reservationTimeoutSeconds: w.taskReservationTimeout,
          realTimeoutMs: realTimeoutMs(w.taskReservationTimeout, scenario.speed),
        })),
      },
      realSeconds: (Date.now() - started) / 1000,
      ...numbers,
    };
    return { ...report, warnings: warningsOf(report) };
  } finally {
    await stack.dispose();
  }
}
