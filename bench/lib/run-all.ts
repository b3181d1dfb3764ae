import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  runCallbackBench,
  type CallbackBenchOptions,
  type CallbackBenchResult,
} from '../callback-bench.js';
import { runE2eBench, type E2eBenchOptions, type E2eBenchResult } from '../e2e-bench.js';
import {
  callbackChartSvg,
  callbackMarkdown,
  checkTargets,
  e2eMarkdown,
  machineMarkdown,
  targetsMarkdown,
} from './report.js';

export interface RunAllOptions {
  readonly only?: 'callback' | 'e2e';
  readonly outDir: string;
  readonly callback: Partial<CallbackBenchOptions>;
  readonly e2e: Partial<E2eBenchOptions>;
  readonly log?: (line: string) => void;
}

export interface RunAllResult {
  readonly callback?: CallbackBenchResult;
  readonly e2e?: E2eBenchResult;
  readonly files: readonly string[];
}

/** The quick settings of `--quick` (and of the smoke test): about a second per bench. */
export const QUICK: Pick<RunAllOptions, 'callback' | 'e2e'> = {
  callback: {
    rates: [50],
    stepMs: 1000,
    drainMs: 2000,
    pauseMs: 0,
    warmup: { rate: 50, ms: 0 },
    firstLoad: { rate: 50, ms: 0 },
    maxSockets: 16,
  },
  e2e: { rates: [20], durationMs: 1000, drainMs: 3000, warmup: { rate: 20, ms: 0 }, idleMs: 0 },
};

/**
 * Runs the callback bench, then the end-to-end bench, and writes `callback.json`,
 * `callback-latency.svg`, `e2e.json` and `results.md` into `outDir`.
 */
export async function runAll(opts: RunAllOptions): Promise<RunAllResult> {
  mkdirSync(opts.outDir, { recursive: true });
  const log = opts.log ?? ((line: string) => console.log(line));
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const file = join(opts.outDir, name);
    writeFileSync(file, text);
    files.push(file);
  };
  let callback: CallbackBenchResult | undefined;
  let e2e: E2eBenchResult | undefined;
  if (opts.only !== 'e2e') {
    callback = await runCallbackBench({ ...opts.callback, log });
    write('callback.json', `${JSON.stringify(callback, null, 2)}\n`);
    write('callback-latency.svg', callbackChartSvg(callback));
  }
  if (opts.only !== 'callback') {
    e2e = await runE2eBench({ ...opts.e2e, log });
    write('e2e.json', `${JSON.stringify(e2e, null, 2)}\n`);
  }
  // A run of one bench keeps the other's last results (from their own JSON) in the summary.
  const earlier = <T>(name: string): T | undefined => {
    const file = join(opts.outDir, name);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
  };
  callback ??= earlier<CallbackBenchResult>('callback.json');
  e2e ??= earlier<E2eBenchResult>('e2e.json');
  const checks = checkTargets(callback, e2e);
  const md = [
    '# Benchmark results',
    '',
    '## Targets',
    '',
    targetsMarkdown(checks),
    ...(callback
      ? [
          '',
          '## Callback path',
          '',
          machineMarkdown(callback.machine),
          '',
          callbackMarkdown(callback),
          '',
          '![latency against offered rate](callback-latency.svg)',
        ]
      : []),
    ...(e2e ? ['', '## End to end', '', machineMarkdown(e2e.machine), '', e2eMarkdown(e2e)] : []),
    '',
  ].join('\n');
  write('results.md', md);
  log('');
  log(targetsMarkdown(checks));
  log(`\nwritten: ${files.join(', ')}`);
  return { ...(callback && { callback }), ...(e2e && { e2e }), files };
}
