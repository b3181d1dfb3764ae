/**
 * `npm run bench`: the callback-path bench, then the end-to-end bench, against the built
 * service (`dist/`, so build first), every process on 127.0.0.1. Writes `callback.json`,
 * `e2e.json`, `results.md` and `callback-latency.svg` into bench/results/ (or `--out`).
 *
 *   node --import tsx bench/run-all.ts [--only callback|e2e] [--out DIR] [--step-seconds N]
 *     [--rates 250,500,…] [--e2e-seconds N] [--e2e-rates 100,500,1000] [--events]
 *     [--e2e-taskrouter simulator|stub] [--e2e-dist DIR (a copy of dist/, to compare builds)]
 *     [--e2e-node-args="FLAGS" (node flags of web and worker; default the Procfile's, "" for none)]
 *     [--e2e-idle-seconds N (idle measurement before each rate; default 5, 0 skips it)]
 *     [--e2e-peer (each rate first through the pipeline a user writes by hand; prints the CPU ratio)]
 *     [--e2e-peer-client twilio|node-http (how that peer's worker calls TaskRouter; default twilio)]
 *     [--shards N (QUEUE_SHARDS of web and worker in the end-to-end bench)]
 *     [--cluster N (the end-to-end bench on a local Redis Cluster of N primaries; with --shards N)]
 *     [--targets bare,inline,async] [--saturated-p99-ms 5000] [--log-level info] [--profile DIR]
 *     [--quick] [--base-dist DIR] [--base-node-args="FLAGS"] [--stop-after N]
 *
 * `--base-dist DIR` (a build of another commit, e.g. `npx tsc -p tsconfig.build.json --outDir
 * .bench-base/dist`) lets `--targets` name `inline-base` and `async-base`: before and after in one run.
 * `--stop-after N`: a target stops climbing after N saturated steps in a row (default 2); on a busy
 * machine, `--rates 1000,1000,1000 --stop-after 99` repeats one rate against every target.
 *
 *   node --import tsx bench/run-all.ts --soak [--soak-rate 200] [--soak-seconds 420] [--out DIR]
 *
 * `--soak` runs only the soak (bench/soak.ts): one steady rate with event callbacks, a
 * PASS/FAIL line, `soak.json` in the output folder, exit code 1 on FAIL.
 * `--quick` is the smoke run: one low rate for about a second each, into a temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CALLBACK_TARGETS, type CallbackTarget } from './callback-bench.js';
import { resolve } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { QUICK, runAll } from './lib/run-all.js';
import { runSoak } from './soak.js';
import { ROOT } from './lib/service.js';

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : undefined;

function parseTargets(v: string): CallbackTarget[] {
  const all = ALL_CALLBACK_TARGETS;
  const out = v.split(',').filter((t): t is CallbackTarget => all.includes(t as CallbackTarget));
  if (out.length === 0) {
    throw new Error(`--targets takes a list of ${all.join(', ')}`);
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      out: { type: 'string' },
      rates: { type: 'string' },
      targets: { type: 'string' },
      'step-seconds': { type: 'string' },
      'e2e-rates': { type: 'string' },
      'e2e-seconds': { type: 'string' },
      events: { type: 'boolean' },
      'e2e-taskrouter': { type: 'string' },
      'e2e-dist': { type: 'string' },
      'e2e-node-args': { type: 'string' },
      'e2e-idle-seconds': { type: 'string' },
      'e2e-peer': { type: 'boolean' },
      'e2e-peer-client': { type: 'string' },
      shards: { type: 'string' },
      cluster: { type: 'string' },
      'log-level': { type: 'string' },
      profile: { type: 'string' },
      quick: { type: 'boolean' },
      'saturated-p99-ms': { type: 'string' },
      'base-dist': { type: 'string' },
      'base-node-args': { type: 'string' },
      'stop-after': { type: 'string' },
      soak: { type: 'boolean' },
      'soak-rate': { type: 'string' },
      'soak-seconds': { type: 'string' },
    },
  });
  if (values.soak) {
    const soak = await runSoak({
      rate: Number(values['soak-rate'] ?? 200),
      durationMs: Number(values['soak-seconds'] ?? 420) * 1000,
      ...(values['log-level'] && { logLevel: values['log-level'] }),
    });
    const outDir = values.out ?? mkdtempSync(join(tmpdir(), 'tra-soak-'));
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify(soak, null, 2)}\n`);
    console.log(`written: ${join(outDir, 'soak.json')}; load average ${soak.loadAvg.join(' ')}`);
    process.exitCode = soak.verdict.pass ? 0 : 1;
    return;
  }
  const only = values.only === 'callback' || values.only === 'e2e' ? values.only : undefined;
  if (values.only !== undefined && only === undefined) {
    throw new Error('--only takes callback or e2e');
  }
  const base = values.quick ? QUICK : { callback: {}, e2e: {} };
  const rates = list(values.rates);
  const e2eRates = list(values['e2e-rates']);
  const shared = {
    ...(values['log-level'] && { logLevel: values['log-level'] }),
    ...(values.profile && { cpuProfDir: values.profile }),
  };
  await runAll({
    ...(only && { only }),
    outDir:
      values.out ??
      (values.quick
        ? mkdtempSync(join(tmpdir(), 'tra-bench-quick-'))
        : join(ROOT, 'bench/results')),
    callback: {
      ...base.callback,
      ...shared,
      ...(rates && { rates }),
      ...(values.targets && { targets: parseTargets(values.targets) }),
      ...(values['stop-after'] && { stopAfterSaturated: Number(values['stop-after']) }),
      ...(values['base-dist'] && { baseDist: resolve(values['base-dist']) }),
      ...(values['base-node-args'] && {
        baseNodeArgs: values['base-node-args'].split(' ').filter(Boolean),
      }),
      ...(values['saturated-p99-ms'] && { saturatedP99Ms: Number(values['saturated-p99-ms']) }),
      ...(values['step-seconds'] && { stepMs: Number(values['step-seconds']) * 1000 }),
    },
    e2e: {
      ...base.e2e,
      ...shared,
      ...(e2eRates && { rates: e2eRates }),
      ...(values['e2e-seconds'] && { durationMs: Number(values['e2e-seconds']) * 1000 }),
      ...(values.events && { events: true }),
      ...(values['e2e-taskrouter'] === 'stub' && { taskrouter: 'stub' as const }),
      ...(values['e2e-dist'] && { distDir: values['e2e-dist'] }),
      ...(values['e2e-peer'] && { peer: true }),
      ...(values['e2e-peer-client'] === 'node-http' && { peerClient: 'node-http' as const }),
      ...(values['e2e-node-args'] !== undefined && {
        nodeArgs: values['e2e-node-args'].split(' ').filter(Boolean),
      }),
      ...(values['e2e-idle-seconds'] !== undefined && {
        idleMs: Number(values['e2e-idle-seconds']) * 1000,
      }),
      ...(values.shards && { shards: Number(values.shards) }),
      ...(values.cluster && { cluster: Number(values.cluster) }),
    },
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
