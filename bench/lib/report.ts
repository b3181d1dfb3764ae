import type { CallbackBenchResult, CallbackStep, CallbackTarget } from '../callback-bench.js';
import type { E2eBenchResult } from '../e2e-bench.js';
import type { MachineInfo } from './machine.js';
import { lineChartSvg, type Series } from './svg-chart.js';

/** One performance target (GitHub issue 6) and what a run measured against it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** null: this run did not measure it. */
  readonly met: boolean | null;
}

const ms = (v: number | null) =>
  v === null ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function callbackStepAt(r: CallbackBenchResult | undefined, t: CallbackTarget, rate: number) {
  return r?.steps.find((s) => s.target === t && s.offeredRate === rate);
}

function e2eStepAt(r: E2eBenchResult | undefined, rate: number) {
  return r?.steps.find((s) => s.offeredRate === rate);
}

export function checkTargets(
  cb: CallbackBenchResult | undefined,
  e2e: E2eBenchResult | undefined,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const saturated = (t: CallbackTarget) =>
    cb?.steps.some((s) => s.target === t && s.saturated) === true;
  const ratio = (t: CallbackTarget, min: number, label: string) => {
    const r = cb?.ratioToBare[t];
    // A peak is only a peak once the target saturated: a ratio of unsaturated runs says nothing.
    const decided = r !== undefined && saturated('bare') && (saturated(t) || r >= min);
    checks.push({
      target: `${label} peak ≥ ${min * 100} % of bare Express (same run)`,
      measured:
        r === undefined
          ? 'not measured'
          : `${cb?.peak[t] ?? 0}/s vs ${cb?.peak.bare ?? 0}/s = ${pct(r)}${decided ? '' : ' (not saturated: raise --rates)'}`,
      met: decided ? r >= min : null,
    });
  };
  ratio('async', 0.5, 'async');
  const a500 = callbackStepAt(cb, 'async', 500);
  checks.push({
    target: 'async callback p99 < 15 ms at 500/s',
    measured: a500 ? `${ms(a500.latencyMs.p99)} ms` : 'not measured',
    met: a500 ? (a500.latencyMs.p99 ?? Infinity) < 15 : null,
  });
  ratio('inline', 0.75, 'inline');
  for (const [rate, limit] of [
    [500, 40],
    [1000, 100],
  ] as const) {
    const s = e2eStepAt(e2e, rate);
    checks.push({
      target: `end to end ${rate}/s: p99 < ${limit} ms`,
      measured: s ? `${ms(s.latencyMs.p99)} ms (${s.durationMs / 1000} s run)` : 'not measured',
      met: s ? (s.latencyMs.p99 ?? Infinity) < limit : null,
    });
    checks.push({
      target: `end to end ${rate}/s: 100 % settled before the deadline`,
      measured: s
        ? `${s.beforeDeadline}/${s.created} (${pct(s.beforeDeadlineShare)})`
        : 'not measured',
      met: s ? s.beforeDeadline === s.created : null,
    });
  }
  const rss = (name: string) => {
    const vals = (e2e?.steps ?? []).map(
      (s) => s.processes.find((p) => p.name === name)?.hwmMB ?? 0,
    );
    const max = vals.length > 0 ? Math.max(...vals) : null;
    checks.push({
      target: `${name} peak RSS < 200 MB (every end-to-end rate)`,
      measured: max === null ? 'not measured' : `${max.toFixed(0)} MB`,
      met: max === null ? null : max < 200,
    });
  };
  rss('web');
  rss('worker');
  return checks;
}

export function machineMarkdown(m: MachineInfo): string {
  return (
    `Machine: ${m.nproc} cores (\`nproc\`), ${m.cpuModel}, ${m.memGiB} GiB; Node ${m.node}; ` +
    `Redis ${m.redis} (no persistence); nice ${m.nice}` +
    `${m.autogroupNice === null ? '' : `, autogroup nice ${m.autogroupNice}`}; commit ${m.commit}${m.dirty ? ' + uncommitted src changes' : ''}; ${m.at}.`
  );
}

function errorsOf(s: CallbackStep): string {
  const n = Object.values(s.errors).reduce((a, b) => a + b, 0) + s.unanswered;
  return String(n);
}

export function callbackMarkdown(r: CallbackBenchResult): string {
  const lines = [
    `Offered rate paced open-loop for ${r.options.stepMs / 1000} s per step (${r.options.maxSockets} keep-alive ` +
      `connections at most); latency from each request's scheduled start to its full answer. ` +
      `\`async\` runs **without a worker** (the web path alone). "other" is CPU used by processes outside ` +
      `the bench during the step (cores): anything well above 0 means the figures are contaminated.`,
    '',
    '| target | offered/s | achieved/s | p50 ms | p99 ms | max ms | errors | target CPU (cores) | CPU µs/callback | target RSS MB | generator CPU | redis CPU | redis µs/callback | other |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const s of r.steps) {
    const proc = (name: string) => s.processes.find((p) => p.name === name)?.cpuCores ?? 0;
    const redis = s.processes.find((p) => p.name === 'redis');
    const redisUs = redis && s.ok > 0 ? Math.round((redis.cpuSeconds * 1e6) / s.ok) : 0;
    lines.push(
      `| ${s.target} | ${s.offeredRate} | ${s.achievedRate}${s.saturated ? ' (sat.)' : ''} | ${ms(s.latencyMs.p50)} | ` +
        `${ms(s.latencyMs.p99)} | ${ms(s.latencyMs.max)} | ${errorsOf(s)} | ${s.processes[0]?.cpuCores ?? 0} | ` +
        `${s.cpuUsPerCallback} | ${s.processes[0]?.peakRssMB ?? '–'} | ${proc('load-generator')} | ${proc('redis')} | ` +
        `${redisUs} | ${s.machine.otherCores} |`,
    );
  }
  lines.push(
    '',
    '| target | peak achieved/s | ratio to bare Express | median CPU µs/callback (unsaturated steps) |',
    '|---|--:|--:|--:|',
  );
  for (const t of r.options.targets) {
    const us = r.steps
      .filter((s) => s.target === t && !s.saturated)
      .map((s) => s.cpuUsPerCallback)
      .sort((a, b) => a - b);
    const med = us.length > 0 ? us[Math.floor((us.length - 1) / 2)] : undefined;
    lines.push(
      `| ${t} | ${r.peak[t] ?? '–'} | ${r.ratioToBare[t] !== undefined ? pct(r.ratioToBare[t] ?? 0) : '–'} | ${med ?? '–'} |`,
    );
  }
  // Older result files have no warm-up checks.
  if ((r.warmUp ?? []).length > 0) {
    lines.push(
      '',
      'Warm-up: the first load of each fresh process against its steady p99 at the same rate ' +
        '(a cliff is a first p99 more than twice the steady one).',
      '',
      '| target | first load | first p99 ms | first CPU µs/callback | steady p99 ms | cliff |',
      '|---|--:|--:|--:|--:|---|',
    );
    for (const w of r.warmUp) {
      lines.push(
        `| ${w.target} | ${w.rate}/s for ${w.firstMs / 1000} s | ${ms(w.firstP99Ms)} | ` +
          `${w.firstCpuUsPerCallback} | ${ms(w.steadyP99Ms)} | ${w.cliff ? '**yes**' : 'no'} |`,
      );
    }
  }
  return lines.join('\n');
}

export function e2eMarkdown(r: E2eBenchResult): string {
  const tr = r.options.taskrouter ?? 'simulator';
  // `redis`, or each primary of a cluster (`redis-0` …) in the order the bench sampled them.
  const sampled = [...new Set(r.steps.flatMap((s) => s.processes.map((p) => p.name)))];
  const names = sampled.length > 0 ? sampled : ['web', 'worker', 'redis', tr];
  const isRedis = (n: string) => n === 'redis' || n.startsWith('redis-');
  const lines = [
    `${tr === 'stub' ? 'Minimal REST stub' : 'Simulator'} → web → Redis/BullMQ → worker → simulator, ${r.options.mode} rules, worker concurrency ` +
      `${r.options.workerConcurrency}, reservation timeout ${r.options.reservationTimeoutS} s` +
      `${r.options.events ? ', event callbacks on' : ', event callbacks off'}; latency from each reservation's ` +
      `scheduled creation (its callback is sent then) to the REST update that accepted it. CPU in cores ` +
      `averaged over the run, RSS = peak (VmHWM).`,
    '',
    `| rate/s | duration | settled before deadline | p50 ms | p99 ms | max ms | callback answer p99 ms | ${names.map((n) => `${n} CPU / RSS MB`).join(' | ')} | other |`,
    `|--:|--:|--:|--:|--:|--:|--:|${names.map(() => '--:').join('|')}|--:|`,
  ];
  for (const s of r.steps) {
    const cells = names.map((n) => {
      const p = s.processes.find((x) => x.name === n);
      return p ? `${p.cpuCores} / ${p.hwmMB.toFixed(0)}` : '–';
    });
    lines.push(
      `| ${s.offeredRate} | ${s.durationMs / 1000} s | ${s.beforeDeadline}/${s.created} (${pct(s.beforeDeadlineShare)}) | ` +
        `${ms(s.latencyMs.p50)} | ${ms(s.latencyMs.p99)} | ${ms(s.latencyMs.max)} | ${ms(s.callbackMs.p99)} | ` +
        `${cells.join(' | ')} | ${s.machine.otherCores} |`,
    );
  }
  lines.push(
    '',
    '| rate/s | ' +
      names.map((n) => `${n} CPU µs/reservation`).join(' | ') +
      ' | web + worker + Redis | Redis commands/reservation | Redis idle % of a core | listen overflows (machine) |',
    `|--:|${names.map(() => '--:').join('|')}|--:|--:|--:|--:|`,
  );
  for (const s of r.steps) {
    const cpu = s.cpuUsPerReservation;
    const service = Object.entries(cpu)
      .filter(([n]) => n === 'web' || n === 'worker' || isRedis(n))
      .reduce((sum, [, us]) => sum + us, 0);
    const idleRedis = s.idle
      ? Object.entries(s.idle.corePct)
          .filter(([n]) => isRedis(n))
          .reduce((sum, [, pct]) => sum + pct, 0)
      : undefined;
    lines.push(
      `| ${s.offeredRate} | ${names.map((n) => String(cpu[n] ?? '–')).join(' | ')} | ${service} | ` +
        `${s.redisCommands?.total ?? '–'} | ${idleRedis === undefined ? '–' : Math.round(idleRedis * 100) / 100} | ` +
        `${s.tcp?.listenOverflows ?? '–'} |`,
    );
  }
  return lines.join('\n');
}

export function targetsMarkdown(checks: readonly TargetCheck[]): string {
  const mark = (m: boolean | null) => (m === null ? '–' : m ? 'met' : '**missed**');
  return [
    '| target | measured | |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.target} | ${c.measured} | ${mark(c.met)} |`),
  ].join('\n');
}

const COLORS: Record<CallbackTarget, string> = {
  bare: '#777777',
  inline: '#1f77b4',
  async: '#d62728',
  'inline-base': '#9ecae1',
  'async-base': '#fc9272',
};

/** Latency (p50 dashed, p99 solid; log scale) against offered rate, one colour per target. */
export function callbackChartSvg(r: CallbackBenchResult): string {
  const series: Series[] = [];
  for (const t of r.options.targets) {
    const steps = r.steps.filter((s) => s.target === t);
    const label = t === 'bare' ? 'bare Express' : `service ${t}`;
    series.push({
      name: `${label} p99`,
      color: COLORS[t],
      points: steps.map((s) => [s.offeredRate, s.latencyMs.p99 ?? 0] as const),
    });
    series.push({
      name: `${label} p50`,
      color: COLORS[t],
      dash: '5 4',
      points: steps.map((s) => [s.offeredRate, s.latencyMs.p50 ?? 0] as const),
    });
  }
  return lineChartSvg({
    title: 'Assignment Callback latency against offered rate',
    subtitle: `${r.machine.nproc} cores, ${r.machine.cpuModel}, Node ${r.machine.node}; ${r.options.stepMs / 1000} s per step, open-loop`,
    xLabel: 'offered rate (callbacks/s)',
    yLabel: 'latency from scheduled start (ms, log scale)',
    yLog: true,
    marks: [{ y: 15, label: 'async p99 target at 500/s: 15 ms' }],
    series,
  });
}
