/**
 * Rules-engine benchmark: `npx tsx bench/rules.ts` (or `--quick` for a short run).
 *
 * Loads generated rule sets of 10, 1,000 and 10,000 rules through the real loader, then times
 * `decide()` against a hand-written chain of the same rules (plain closures tried in order, the
 * way an `if … else if …` chain would run), in the same process, on the same facts:
 *
 * - keyed: every rule pins `task.type` (`task.type == "type-7" AND callback.TaskAge > 3`), and the
 *   facts pick a rule uniformly, so a linear scan tries half the rules on average; the engine's
 *   index goes straight to the rules for that type.
 * - early: rules test `callback.TaskAge` only (nothing to index), and the facts match one of the
 *   first five rules: the common case of a few specific rules before a catch-all.
 *
 * Throughput is the best of five runs; latency is one decision timed with
 * `process.hrtime.bigint()`, engine and chain taking turns in blocks, and the timer's own cost is
 * printed, not subtracted. On a shared machine, compare the columns of one run rather than runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRules } from '../src/config/load-rules.js';
import type { CallbackFacts, Decision } from '../src/rules/types.js';

type Scenario = 'keyed' | 'early';
type Chain = (facts: CallbackFacts) => Decision | null;

const quick = process.argv.includes('--quick');
const SIZES = [10, 1_000, 10_000];
const DECISIONS = quick ? 2_000 : 20_000;
const SAMPLES = quick ? 2_000 : 20_000;

/** A deterministic PRNG, so every run decides the same facts. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function ruleYaml(scenario: Scenario, i: number): string {
  const when =
    scenario === 'keyed'
      ? `task.type == "type-${i}" AND callback.TaskAge > ${i % 7}`
      : `callback.TaskAge > ${1_000_000 - i} AND task.channel == "voice"`;
  return `  - name: r${i}\n    when: '${when}'\n    instruction: accept\n`;
}

function writeRules(scenario: Scenario, count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-bench-'));
  const file = join(dir, 'rules.yaml');
  const rules = Array.from({ length: count }, (_, i) => ruleYaml(scenario, i)).join('');
  writeFileSync(file, `version: 1\nrules:\n${rules}  - name: catch-all\n    instruction: reject\n`);
  return file;
}

/** The same rules as plain closures, tried in order: what a hand-written chain does. */
function handChain(
  scenario: Scenario,
  count: number,
  decisions: ReadonlyMap<string, Decision>,
): Chain {
  const decisionOf = (name: string): Decision => decisions.get(name) as Decision;
  const tests = Array.from({ length: count }, (_, i) => {
    const decision = decisionOf(`r${i}`);
    const type = `type-${i}`;
    const age = scenario === 'keyed' ? i % 7 : 1_000_000 - i;
    return scenario === 'keyed'
      ? (f: CallbackFacts) =>
          f.task.type === type && Number(f.callback.TaskAge) > age ? decision : null
      : (f: CallbackFacts) =>
          Number(f.callback.TaskAge) > age && f.task.channel === 'voice' ? decision : null;
  });
  const fallback = decisionOf('catch-all');
  return (facts) => {
    for (let i = 0; i < tests.length; i += 1) {
      const decision = (tests[i] as (f: CallbackFacts) => Decision | null)(facts);
      if (decision !== null) {
        return decision;
      }
    }
    return fallback;
  };
}

function factsFor(scenario: Scenario, count: number): CallbackFacts[] {
  const next = random(count * (scenario === 'keyed' ? 1 : 2));
  return Array.from({ length: 1_000 }, () => {
    const target =
      scenario === 'keyed' ? Math.floor(next() * count) : Math.floor(next() * Math.min(5, count));
    const age =
      scenario === 'keyed' ? String(7 + Math.floor(next() * 100)) : String(1_000_000 - target + 1);
    return {
      task: { type: `type-${target}`, channel: 'voice' },
      worker: {},
      callback: { TaskAge: age },
    };
  });
}

/** Decisions per second: the best of five runs, since other processes only ever slow a run down. */
function throughput(
  decide: (facts: CallbackFacts) => Decision | null,
  facts: readonly CallbackFacts[],
): number {
  let best = 0;
  for (let run = 0; run < 5; run += 1) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < DECISIONS; i += 1) {
      decide(facts[i % facts.length] as CallbackFacts);
    }
    best = Math.max(best, DECISIONS / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  return best;
}

interface Latency {
  readonly p50: number;
  readonly p99: number;
}

function percentiles(samples: Float64Array): Latency {
  samples.sort();
  return {
    p50: samples[Math.floor(samples.length * 0.5)] ?? 0,
    p99: samples[Math.floor(samples.length * 0.99)] ?? 0,
  };
}

/**
 * One decision at a time, engine and chain taking turns in blocks of 500: both meet the same
 * interference from other processes, and neither evicts the other's data from the caches on
 * every call (which alternating single calls would).
 */
function latencies(
  engine: (facts: CallbackFacts) => Decision | null,
  chain: (facts: CallbackFacts) => Decision | null,
  facts: readonly CallbackFacts[],
): { engine: Latency; chain: Latency } {
  const times = { engine: new Float64Array(SAMPLES), chain: new Float64Array(SAMPLES) };
  const BLOCK = 500;
  for (let block = 0; block < SAMPLES; block += BLOCK) {
    for (const [decide, into] of [
      [engine, times.engine],
      [chain, times.chain],
    ] as const) {
      for (let i = block; i < Math.min(block + BLOCK, SAMPLES); i += 1) {
        const one = facts[i % facts.length] as CallbackFacts;
        const started = process.hrtime.bigint();
        decide(one);
        into[i] = Number(process.hrtime.bigint() - started) / 1e3;
      }
    }
  }
  return { engine: percentiles(times.engine), chain: percentiles(times.chain) };
}

function timerCost(): number {
  const samples = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i += 1) {
    const started = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - started) / 1e3;
  }
  return samples.sort()[Math.floor(SAMPLES / 2)] ?? 0;
}

interface Row {
  scenario: Scenario;
  rules: number;
  loadMs: number;
  indexedBy: string;
  engine: { perSecond: number; p50: number; p99: number };
  chain: { perSecond: number; p50: number; p99: number };
}

function measure(scenario: Scenario, count: number): Row {
  const file = writeRules(scenario, count);
  const loadStarted = process.hrtime.bigint();
  const { ruleSet } = loadRules(file);
  const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
  const facts = factsFor(scenario, count);
  const engine = (f: CallbackFacts): Decision => ruleSet.decide(f, 0);
  const decisions = new Map(facts.map((f) => [engine(f).rule ?? '', engine(f)]));
  decisions.set('catch-all', engine({ task: {}, worker: {}, callback: {} }));
  for (let i = 0; i < count; i += 1) {
    decisions.set(
      `r${i}`,
      decisions.get(`r${i}`) ??
        ({
          rule: `r${i}`,
          instruction: { kind: 'accept', params: {} },
          mode: 'async',
          delaySeconds: 0,
        } satisfies Decision),
    );
  }
  const chain = handChain(scenario, count, decisions);
  const wrong = facts.find((f) => engine(f).rule !== chain(f)?.rule);
  if (wrong !== undefined) {
    throw new Error(`engine and chain disagree on ${JSON.stringify(wrong)}`);
  }
  // Warm both up before timing either.
  throughput(engine, facts);
  throughput(chain, facts);
  const latency = latencies(engine, chain, facts);
  return {
    scenario,
    rules: count,
    loadMs,
    indexedBy: ruleSet.indexedBy ?? '-',
    engine: { perSecond: throughput(engine, facts), ...latency.engine },
    chain: { perSecond: throughput(chain, facts), ...latency.chain },
  };
}

function format(rows: readonly Row[]): string {
  const header = [
    'scenario',
    'rules',
    'load ms',
    'index',
    'engine dec/s',
    'p50 µs',
    'p99 µs',
    'chain dec/s',
    'p50 µs',
    'p99 µs',
  ];
  const number = (value: number, digits = 0): string =>
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = rows.map((row) => [
    row.scenario,
    number(row.rules),
    number(row.loadMs),
    row.indexedBy,
    number(row.engine.perSecond),
    number(row.engine.p50, 1),
    number(row.engine.p99, 1),
    number(row.chain.perSecond),
    number(row.chain.p50, 1),
    number(row.chain.p99, 1),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)),
  );
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        i < 1 || i === 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join('  ');
  return [
    render(header),
    render(widths.map((width) => '-'.repeat(width))),
    ...lines.map(render),
  ].join('\n');
}

const rows: Row[] = [];
for (const scenario of ['keyed', 'early'] as const) {
  for (const count of SIZES) {
    rows.push(measure(scenario, count));
  }
}
console.log(
  `node ${process.version}, ${DECISIONS.toLocaleString('en-US')} decisions per throughput run, ${SAMPLES.toLocaleString('en-US')} timed one by one`,
);
console.log(
  `timer cost (hrtime pair, median): ${timerCost().toFixed(2)} µs, included in p50/p99\n`,
);
console.log(format(rows));
