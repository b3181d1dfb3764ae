/**
 * SMOKE TEST OF THE BENCHMARK SCRIPTS — not a benchmark, and it asserts no performance figure.
 * It runs `npm run bench` in its `--quick` form (one low rate for about a second per bench,
 * against the built dist/, every process on 127.0.0.1) so the bench scripts cannot rot
 * unnoticed, and checks that each wrote its JSON. `npm test` builds dist/ before it runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallbackBenchResult } from '../../bench/callback-bench.js';
import type { E2eBenchResult } from '../../bench/e2e-bench.js';
import { QUICK, runAll } from '../../bench/lib/run-all.js';

const out = mkdtempSync(join(tmpdir(), 'tra-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('bench smoke (the bench scripts still run; no figures are checked)', () => {
  it('when both benches run for a second at a low rate, then each writes its JSON, the table and the chart', async () => {
    const opts = { outDir: out, log: () => undefined };
    // The two benches use their own processes and ports: run side by side to keep this short.
    await Promise.all([
      runAll({ ...opts, only: 'callback', outDir: join(out, 'callback'), ...QUICK }),
      runAll({ ...opts, only: 'e2e', outDir: join(out, 'e2e'), ...QUICK }),
      runAll({
        ...opts,
        only: 'e2e',
        outDir: join(out, 'e2e-stub'),
        ...QUICK,
        // With the by-hand peer first, so its two scripts are run too.
        e2e: { ...QUICK.e2e, taskrouter: 'stub', idleMs: 500, peer: true },
      }),
    ]);
    const callback = JSON.parse(
      readFileSync(join(out, 'callback/callback.json'), 'utf8'),
    ) as CallbackBenchResult;
    expect(callback.steps.map((s) => s.target)).toEqual(['bare', 'inline', 'async']);
    for (const step of callback.steps) {
      expect(step.ok).toBe(step.scheduled);
    }
    expect(readFileSync(join(out, 'callback/callback-latency.svg'), 'utf8')).toMatch(/^<svg /);
    const e2e = JSON.parse(readFileSync(join(out, 'e2e/e2e.json'), 'utf8')) as E2eBenchResult;
    expect(e2e.steps).toHaveLength(1);
    expect(e2e.steps[0]?.accepted).toBe(e2e.steps[0]?.created);
    expect(e2e.steps[0]?.summary?.rest.violations).toBe(0);
    expect(e2e.steps[0]?.redisCommands.total).toBeGreaterThan(0);
    const stub = JSON.parse(readFileSync(join(out, 'e2e-stub/e2e.json'), 'utf8')) as E2eBenchResult;
    const step = stub.steps[0];
    expect(step?.accepted).toBe(step?.created);
    expect(step?.callbackStatus).toEqual({ '200': step?.created });
    expect(step?.cpuUsPerReservation).toHaveProperty('stub');
    expect(step?.idle?.corePct).toHaveProperty('redis');
    expect(step?.peer?.created).toBeGreaterThan(0);
    expect(step?.peer?.accepted).toBe(step?.peer?.created);
    expect(step?.peer?.cpuUsPerReservation).toHaveProperty('worker');
    expect(existsSync(join(out, 'e2e/results.md'))).toBe(true);
  }, 90_000);
});
