/**
 * The soak: the end-to-end bench (simulator → web → Redis/BullMQ → worker → simulator, real
 * processes) at one steady rate for a long time, with Workspace Event Callbacks, ending in one
 * PASS/FAIL line. PASS needs every Assignment and Event Callback answered (no failed delivery of
 * any kind: TaskRouter does not retry them), every reservation settled before its deadline, and
 * no process whose RSS trends upward (first minute against last minute).
 *
 *   node --import tsx bench/run-all.ts --soak [--soak-rate 200] [--soak-seconds 420]
 */
import { loadavg } from 'node:os';
import { runE2eBench, type E2eBenchOptions, type E2eStep } from './e2e-bench.js';
import type { RssTimeline } from './lib/rss-timeline.js';

export interface SoakOptions {
  readonly rate: number;
  readonly durationMs: number;
  /** Fewer unrecorded reservations first for a short soak; the long one warms up 10 s. */
  readonly warmupMs?: number;
  readonly logLevel?: string;
  readonly log?: (line: string) => void;
}

export interface RssTrend {
  readonly process: string;
  /** Median RSS over the first and the last window, MB. */
  readonly firstMB: number;
  readonly lastMB: number;
  readonly windowS: number;
  /** Only the service's own processes fail the soak; the others are shown. */
  readonly judged: boolean;
  readonly rising: boolean;
}

export interface SoakVerdict {
  readonly pass: boolean;
  /** Everything that went wrong, by reason, with its count (empty on PASS). */
  readonly failures: Readonly<Record<string, number>>;
  readonly rss: readonly RssTrend[];
  readonly line: string;
}

export interface SoakResult {
  readonly step: SimulatorStep;
  readonly verdict: SoakVerdict;
  readonly loadAvg: readonly number[];
}

/**
 * The service's processes are judged. Redis and the simulator are reported only: Redis keeps
 * completed jobs until BullMQ's retention (100,000 jobs or an hour, create-reservation-producer)
 * trims them, so it grows for the first ~8 minutes at 200/s by design; the simulator is the load
 * generator and keeps every reservation and request it saw.
 */
const JUDGED = new Set(['web', 'worker']);
/** RSS may wobble with the GC; a leak grows past both bounds. */
const RSS_GROWTH_SHARE = 0.25;
const RSS_GROWTH_MB = 15;
const RSS_EVERY_MS = 2000;

/** A step run against the simulator, which keeps a summary (the minimal stub keeps none). */
export type SimulatorStep = E2eStep & { readonly summary: NonNullable<E2eStep['summary']> };

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const e2e: Partial<E2eBenchOptions> = {
    rates: [opts.rate],
    durationMs: opts.durationMs,
    // The 30 s reservation timeout plus room: whatever is still pending then has timed out.
    drainMs: 40_000,
    events: true,
    warmup: { rate: Math.min(opts.rate, 200), ms: opts.warmupMs ?? 10_000 },
    rssEveryMs: RSS_EVERY_MS,
    ...(opts.logLevel && { logLevel: opts.logLevel }),
    log,
  };
  log(`soak: ${opts.rate}/s for ${opts.durationMs / 1000} s with event callbacks`);
  const result = await runE2eBench(e2e);
  const step = result.steps[0] as SimulatorStep;
  const verdict = judgeSoak(step);
  log(verdict.line);
  return { step, verdict, loadAvg: loadavg().map((v) => Math.round(v * 100) / 100) };
}

/** PASS or FAIL, with the count of each thing that failed and why. */
export function judgeSoak(step: SimulatorStep): SoakVerdict {
  const failures: Record<string, number> = {};
  const add = (reason: string, n: number) => {
    if (n > 0) {
      failures[reason] = (failures[reason] ?? 0) + n;
    }
  };
  const c = step.summary.callbacks;
  for (const [reason, n] of Object.entries(c.failureReasons ?? {})) {
    add(`delivery failed (${reason})`, n);
  }
  add('assignment callbacks not sent', step.created - c.assignment);
  for (const [status, n] of Object.entries(step.byStatus)) {
    if (status !== 'accepted') {
      add(`reservation ended ${status}`, n);
    }
  }
  add('settled after its deadline', step.accepted - step.beforeDeadline);
  add('OpenAPI violations', step.summary.rest.violations);
  const rss = rssTrends(step.rss);
  for (const t of rss.filter((r) => r.rising && r.judged)) {
    add(`RSS rising: ${t.process} ${t.firstMB} → ${t.lastMB} MB`, 1);
  }
  const pass = Object.keys(failures).length === 0 && rss.length > 0;
  const failed = Object.entries(failures)
    .map(([k, n]) => `${k} ×${n}`)
    .join('; ');
  const line =
    `${pass ? 'PASS' : 'FAIL'} soak ${step.offeredRate}/s × ${step.durationMs / 1000} s: ` +
    `${step.beforeDeadline}/${step.created} settled before deadline; callbacks ${c.assignment} ` +
    `(failed ${c.failed}), events ${c.events} (failed ${c.eventsFailed}); callback answer p99 ` +
    `${step.callbackMs.p99} ms max ${step.callbackMs.max} ms; RSS first→last ` +
    `${rss.map((t) => `${t.process}${t.judged ? '' : ' (not judged)'} ${t.firstMB}→${t.lastMB} MB`).join(', ') || 'not sampled'}` +
    (step.tcp ? `; listen overflows ${step.tcp.listenOverflows} (machine-wide, not judged)` : '') +
    `${failed ? `; failures: ${failed}` : ''}`;
  return { pass, failures, rss, line };
}

/** First window against last window (a minute, or a third of a shorter run), per process. */
export function rssTrends(timeline: RssTimeline | undefined): RssTrend[] {
  const samples = timeline?.samples ?? [];
  const end = samples[samples.length - 1]?.atS ?? 0;
  if (samples.length < 3 || end <= 0) {
    return [];
  }
  const windowS = Math.min(60, end / 3);
  const first = samples.filter((s) => s.atS <= windowS);
  const last = samples.filter((s) => s.atS >= end - windowS);
  return Object.keys(samples[0]?.mb ?? {}).map((name) => {
    const firstMB = median(first.map((s) => s.mb[name] ?? 0));
    const lastMB = median(last.map((s) => s.mb[name] ?? 0));
    const growth = lastMB - firstMB;
    return {
      process: name,
      firstMB,
      lastMB,
      windowS: Math.round(windowS),
      judged: JUDGED.has(name),
      rising: growth > RSS_GROWTH_MB && growth > firstMB * RSS_GROWTH_SHARE,
    };
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
