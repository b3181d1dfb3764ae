/**
 * The end-to-end bench's TaskRouter: the project's simulator in a child process of its own
 * (`fork`, IPC), creating pending reservations on a clock. Each one's Assignment Callback goes to
 * the service at once; the time until the service's REST update (or inline answer) settles it is
 * timed from the reservation's due time, with `performance.now()`.
 */
import { performance } from 'node:perf_hooks';
import { startSimulator, type Simulator } from '../../src/simulator/start-simulator.js';
import type { Summary } from '../../src/simulator/summary/summarize.js';
import {
  BENCH_ACCOUNT_SID,
  BENCH_AUTH_TOKEN,
  BENCH_WORKFLOW_SID,
  BENCH_WORKSPACE_SID,
  TASK_ATTRIBUTES,
  WORKER_ATTRIBUTES,
  newSid,
} from './payloads.js';
import { serveIpcRequests } from './child-ipc.js';
import { createDrain, paceOpenLoop, summarizeSettled } from './pace-open-loop.js';
import { summarizeLatencies, type LatencySummary } from './stats.js';

export interface DriverStart {
  readonly type: 'start';
  readonly assignmentCallbackUrl: string;
  readonly eventCallbackUrl?: string;
  /** The workflow's TaskReservationTimeout, seconds (bench/rules/*.yaml say 30). */
  readonly reservationTimeoutS: number;
}

/** `warmup` runs the same as `run`, unrecorded, so the measured run finds every process warm. */
export interface DriverRun {
  readonly type: 'run' | 'warmup';
  readonly rate: number;
  readonly durationMs: number;
  /** After the last reservation is created, how long to wait for every one to settle. */
  readonly drainMs: number;
}

export interface DriverResult {
  readonly offeredRate: number;
  readonly created: number;
  /** Settled by the service (accepted), by REST update or inline answer. */
  readonly accepted: number;
  /** Accepted before the workflow's reservation timeout ran out. */
  readonly beforeDeadline: number;
  readonly beforeDeadlineShare: number;
  /** Still pending when the drain time ran out, or timed out. */
  readonly unsettled: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** From each reservation's due time to the update that settled it. */
  readonly latencyMs: LatencySummary;
  /** p99 latency of the reservations due in each second of the run (warm-up or stalls?). */
  readonly p99BySecondMs: readonly number[];
  /** How late reservations were created after their due time (the simulator's own lag). */
  readonly sendLagMs: LatencySummary;
  /** Settled reservations per second, from the first due time to the last settlement. */
  readonly settledRate: number;
  /** The simulator's own summary; the minimal stub keeps none. */
  readonly summary?: Pick<Summary, 'callbacks' | 'rest' | 'byInstruction'>;
  /** REST requests the minimal stub answered (updates and fetches). */
  readonly restCalls?: number;
  /** The minimal stub's callbacks by the HTTP status the service answered (0: no answer). */
  readonly callbackStatus?: Readonly<Record<string, number>>;
  /** How long the service took to answer the callbacks, as the simulator saw it. */
  readonly callbackMs: LatencySummary;
  /** p99 of the service's answer to the callbacks due in each second (stub driver only). */
  readonly callbackP99BySecondMs?: readonly number[];
}

let sim: Simulator | undefined;
let timeoutS = 30;

async function start(msg: DriverStart): Promise<{ url: string }> {
  timeoutS = msg.reservationTimeoutS;
  sim = await startSimulator({
    accountSid: BENCH_ACCOUNT_SID,
    authToken: BENCH_AUTH_TOKEN,
    workflows: {
      [BENCH_WORKFLOW_SID]: {
        taskReservationTimeout: msg.reservationTimeoutS,
        assignmentCallbackUrl: msg.assignmentCallbackUrl,
      },
    },
    ...(msg.eventCallbackUrl === undefined ? {} : { eventCallbackUrl: msg.eventCallbackUrl }),
  });
  return { url: sim.url };
}

async function run(msg: DriverRun): Promise<DriverResult> {
  const s = sim;
  if (!s) {
    throw new Error('simulator not started');
  }
  s.reset();
  const count = Math.max(1, Math.round((msg.rate * msg.durationMs) / 1000));
  const sids = Array.from({ length: count }, () => newSid('WR'));
  const index = new Map(sids.map((sid, i) => [sid, i]));
  const due = new Float64Array(count);
  const settledAt = new Float64Array(count).fill(NaN);
  const lags = new Float64Array(count);
  const status: string[] = new Array<string>(count).fill('pending');
  let settled = 0;
  const drain = createDrain(() => settled === count);
  const unsubscribe = s.onReservationChange(({ reservation: r, from }) => {
    const i = index.get(r.sid);
    if (i === undefined || from !== 'pending' || r.status === 'pending') {
      return;
    }
    settledAt[i] = performance.now();
    status[i] = r.status;
    settled += 1;
    drain.check();
  });
  const t0 = await paceOpenLoop(count, msg.rate, (i, at, lag) => {
    due[i] = at;
    lags[i] = lag;
    s.createReservation({
      sid: sids[i] as string,
      workspaceSid: BENCH_WORKSPACE_SID,
      taskSid: newSid('WT'),
      workerSid: newSid('WK'),
      workerName: 'alice',
      workflowSid: BENCH_WORKFLOW_SID,
      taskAttributes: TASK_ATTRIBUTES,
      workerAttributes: WORKER_ATTRIBUTES,
    });
  });
  await drain.wait(msg.drainMs);
  unsubscribe();
  await s.drainCallbacks();

  const byStatus: Record<string, number> = {};
  for (const st of status) {
    byStatus[st] = (byStatus[st] ?? 0) + 1;
  }
  const { latencies, beforeDeadline, last, p99BySecond } = summarizeSettled(
    due,
    settledAt,
    t0,
    timeoutS * 1000,
    (i) => status[i] === 'accepted',
  );
  const accepted = latencies.length;
  const summary = s.summary();
  const callbackDurations = s.callbacks
    .filter((c) => c.kind === 'assignment')
    .map((c) => c.durationMs);
  return {
    offeredRate: msg.rate,
    created: count,
    accepted,
    beforeDeadline,
    beforeDeadlineShare: Math.round((beforeDeadline / count) * 10_000) / 10_000,
    unsettled: count - accepted,
    byStatus,
    latencyMs: summarizeLatencies(latencies),
    p99BySecondMs: p99BySecond,
    sendLagMs: summarizeLatencies(lags),
    settledRate: Math.round((accepted / Math.max(msg.durationMs, last - t0)) * 1000 * 10) / 10,
    summary: {
      callbacks: summary.callbacks,
      rest: summary.rest,
      byInstruction: summary.byInstruction,
    },
    callbackMs: summarizeLatencies(callbackDurations),
  };
}

serveIpcRequests<DriverStart, DriverRun>({ start, run }, () => {
  void (sim?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
