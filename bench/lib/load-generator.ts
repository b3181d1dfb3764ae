/**
 * The load generator: a child process of the callback bench (`fork`, IPC), so its CPU shows as a
 * process of its own. Each step is paced open-loop: request i is due at `start + i / rate` on a
 * 1 ms timer, whatever happened to earlier requests, and its latency is timed from that due time
 * (not from when a connection became free), so a slow server shows up as latency instead of as a
 * lower offered rate. See design.md §9 on why a fixed-pool `autocannon -R` distorts this.
 */
import { performance } from 'node:perf_hooks';
import { paceOpenLoop } from './pace-open-loop.js';
import { ASSIGNMENT_PATH, signedCallbacks } from './payloads.js';
import { createRawHttpPool, serializeFormPost, type RawResponse } from './raw-http-pool.js';
import { summarizeLatencies, type LatencySummary } from './stats.js';

/** Signs and serialises the callbacks of the next step (outside the measured window). */
export interface PrepareRequest {
  readonly type: 'prepare';
  readonly port: number;
  /** The URL prefix signatures are computed for (the service's PUBLIC_BASE_URL). */
  readonly publicBaseUrl: string;
  readonly count: number;
}

/** Sends the prepared callbacks at `rate`. */
export interface StepRequest {
  readonly type: 'step';
  readonly port: number;
  readonly rate: number;
  readonly durationMs: number;
  /** After the last scheduled request, how long to wait for answers before giving up on them. */
  readonly drainMs: number;
  readonly maxSockets: number;
}

export interface StepResult {
  readonly offeredRate: number;
  readonly scheduled: number;
  readonly ok: number;
  /** Answers other than 200, by status (0: connection failed or closed). */
  readonly errors: Readonly<Record<string, number>>;
  /** Requests with no answer when the drain time ran out. */
  readonly unanswered: number;
  /** 200 answers per second, from the first due time to the last answer. */
  readonly achievedRate: number;
  /** From each request's due time to the last byte of its 200 answer. */
  readonly latencyMs: LatencySummary;
  /** How late requests were written after their due time (generator lag plus pool queueing). */
  readonly sendLagMs: LatencySummary;
  readonly maxSockets: number;
  readonly socketsUsed: number;
  readonly sampleErrors: readonly string[];
}

const HOST = '127.0.0.1';

/** How many requests a step at `rate` for `durationMs` sends. */
export const stepCount = (rate: number, durationMs: number) =>
  Math.max(1, Math.round((rate * durationMs) / 1000));

let prepared: Buffer[] = [];

export function prepare(req: PrepareRequest): { count: number; signMs: number } {
  const started = performance.now();
  prepared = signedCallbacks(req.count, req.publicBaseUrl).map((p) =>
    serializeFormPost({
      host: HOST,
      port: req.port,
      path: ASSIGNMENT_PATH,
      body: p.body,
      headers: { 'X-Twilio-Signature': p.signature, 'User-Agent': 'TwilioProxy/1.1' },
    }),
  );
  return { count: prepared.length, signMs: Math.round(performance.now() - started) };
}

export async function runStep(req: StepRequest): Promise<StepResult> {
  const count = stepCount(req.rate, req.durationMs);
  if (prepared.length < count) {
    throw new Error(`step needs ${count} prepared callbacks, ${prepared.length} are ready`);
  }
  // Pre-signed and pre-serialised: the hot loop only writes bytes. Each is sent once.
  const payloads = prepared.splice(0, count);
  const pool = createRawHttpPool({ host: HOST, port: req.port, maxSockets: req.maxSockets });
  const latencies = new Float64Array(count);
  const lags = new Float64Array(count);
  let ok = 0;
  let answered = 0;
  let socketsUsed = 0;
  let lastDone = 0;
  const errors: Record<string, number> = {};
  const sampleErrors: string[] = [];

  let resolveAll!: () => void;
  const allAnswered = new Promise<void>((r) => (resolveAll = r));
  let over = false;
  const onDone = (dueAt: number) => (res: RawResponse) => {
    if (over) {
      return; // abandoned at the end of the drain: counted as unanswered
    }
    answered += 1;
    if (res.status === 200) {
      latencies[ok] = res.doneAt - dueAt;
      ok += 1;
      lastDone = Math.max(lastDone, res.doneAt);
    } else {
      errors[res.status] = (errors[res.status] ?? 0) + 1;
      if (sampleErrors.length < 5) {
        sampleErrors.push(`${res.status} ${res.body.slice(0, 200)}`);
      }
    }
    if (answered === count) {
      resolveAll();
    }
  };

  const start = await paceOpenLoop(count, req.rate, (i, dueAt, lagMs) => {
    lags[i] = lagMs;
    pool.request(payloads[i] as Buffer, onDone(dueAt));
    socketsUsed = Math.max(socketsUsed, pool.sockets());
  });
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([
    allAnswered,
    new Promise<void>((r) => (drainTimer = setTimeout(r, req.drainMs))),
  ]);
  clearTimeout(drainTimer);
  const unanswered = count - answered;
  over = true;
  pool.close();
  const spanMs = Math.max(req.durationMs, lastDone - start);
  return {
    offeredRate: req.rate,
    scheduled: count,
    ok,
    errors,
    unanswered,
    achievedRate: Math.round((ok / spanMs) * 1000 * 10) / 10,
    latencyMs: summarizeLatencies(latencies.subarray(0, ok)),
    sendLagMs: summarizeLatencies(lags),
    maxSockets: req.maxSockets,
    socketsUsed,
    sampleErrors,
  };
}

// As a forked child: run the steps the parent sends, one at a time.
if (process.send !== undefined) {
  process.on('message', (msg: PrepareRequest | StepRequest | { type: 'exit' }) => {
    if (msg.type === 'exit') {
      process.exit(0);
    }
    const work = msg.type === 'prepare' ? Promise.resolve().then(() => prepare(msg)) : runStep(msg);
    void work.then(
      (result) => process.send?.({ type: 'result', result }),
      (err: unknown) => process.send?.({ type: 'error', message: String(err) }),
    );
  });
  process.send({ type: 'ready' });
}
