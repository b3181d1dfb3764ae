import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRehearseCommand } from '../../src/cli/rehearse/command.js';
import type { Breakdown, RehearsalReport } from '../../src/rehearse/rehearsal-report.js';
import { captureIo } from '../support/capture-io.js';
import { replaceOnce, tempDir } from '../support/rules-copies.js';

const SCENARIO = 'config/examples/scenario.yaml';
const sum = (values: Iterable<number | undefined>) =>
  [...values].reduce<number>((a, b) => a + (b ?? 0), 0);

async function rehearse(rulesPath: string, duration: string, speed: string) {
  const out = captureIo({ REDIS_URL: inject('redisUrl') });
  const argv = [
    '--rules',
    rulesPath,
    '--scenario',
    SCENARIO,
    '--duration',
    duration,
    '--speed',
    speed,
    '--json',
    '--progress',
    '0',
  ];
  const code = await createRehearseCommand(out.io)(argv);
  return { code, report: JSON.parse(out.stdout()) as RehearsalReport, stderr: out.stderr() };
}

/** Every breakdown counts every reservation exactly once. */
function expectAccountedFor(report: RehearsalReport): void {
  const { total, byStatus, byOutcome } = report.reservations;
  expect(total).toBeGreaterThan(0);
  expect(sum(Object.values(byStatus))).toBe(total);
  expect(sum(Object.values(byOutcome))).toBe(total);
  const rows: Breakdown[] = [...report.byRule, ...report.byInstruction];
  for (const row of rows) {
    expect(sum(Object.values(row.outcomes))).toBe(row.total);
  }
  expect(sum(report.byRule.map((r) => r.total))).toBe(total);
  expect(sum(report.byInstruction.map((r) => r.total))).toBe(total);
  expect(report.timeouts.total).toBe(byOutcome.timeout);
  expect(sum(Object.values(report.timeouts.byCause))).toBe(report.timeouts.total);
  expect(report.rejections.total).toBe(byOutcome.rejected);
  expect(sum(Object.values(report.rejections.byRule))).toBe(report.rejections.total);
  // One reservation per offer, one Assignment Callback per reservation.
  expect(report.tasks.offers).toBe(total);
  expect(report.callbacks.assignment).toBe(total);
  expect(report.settle.count).toBeLessThanOrEqual(total);
  expect(report.rest.violations).toBe(0);
}

describe('rehearse', () => {
  let tmp: ReturnType<typeof tempDir>;
  let redis: Redis;
  beforeAll(() => {
    tmp = tempDir();
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    tmp.dispose();
    await redis.quit();
  });

  it('when config/rules.yaml meets the example scenario, then every reservation is accounted for and nothing is left in Redis', async () => {
    const { code, report } = await rehearse('config/rules.yaml', '120s', '30');
    expectAccountedFor(report);
    expect(report.scenario).toMatchObject({ path: SCENARIO, durationSeconds: 120, speed: 30 });
    expect(report.scenario.workflows).toEqual([
      expect.objectContaining({
        name: 'support',
        reservationTimeoutSeconds: 30,
        realTimeoutMs: 1000,
      }),
    ]);
    expect(report.byRule.map((r) => r.label).slice(0, 6)).toEqual([
      'vip-not-for-trainees',
      'enqueued-calls',
      'spanish-voice',
      'callback-requests',
      'transfers',
      'everything-else',
    ]);
    // Voice tasks carry a call_sid, so enqueued calls take them; chats are accepted.
    expect(report.byRule.find((r) => r.rule === 'enqueued-calls')?.total).toBeGreaterThan(0);
    expect(report.byRule.find((r) => r.rule === 'everything-else')?.total).toBeGreaterThan(0);
    expect(code).toBe(0);
    const left = await redis.keys('{rehearse-*');
    expect(left).toEqual([]);
  }, 60_000);

  it('when a rule rejects every VIP, then the report shows that rule rejecting', async () => {
    const rules = replaceOnce(
      readFileSync('config/rules.yaml', 'utf8'),
      '  # Calls waiting in <Enqueue>',
      '  - name: vip-rejected\n    when: task.vip == true\n    instruction: reject\n\n  # Calls waiting in <Enqueue>',
    );
    const path = tmp.write('vip-rejected.yaml', rules);
    // 90 voice tasks, one in ten a VIP: that none is a VIP has a chance of 1 in 13,000.
    const { code, report } = await rehearse(path, '450s', '60');
    expectAccountedFor(report);
    const row = report.byRule.find((r) => r.rule === 'vip-rejected');
    expect(row?.outcomes.rejected).toBeGreaterThan(0);
    expect(report.rejections.byRule['vip-rejected']).toBe(row?.outcomes.rejected);
    expect(report.byInstruction.find((r) => r.instruction === 'reject')?.total).toBeGreaterThan(0);
    expect(code).toBe(0);
  }, 60_000);

  it('when the rules do not load, then their problems are printed and nothing runs, exit 1', async () => {
    const path = tmp.write(
      'broken.yaml',
      'version: 1\nrules:\n  - name: a\n    instruction: acept\n',
    );
    const out = captureIo({ REDIS_URL: inject('redisUrl') });
    const code = await createRehearseCommand(out.io)(['--rules', path]);
    expect(out.stderr()).toContain(`${path}:4:18 [a] expected one of accept`);
    expect(out.stdout()).toBe('');
    expect(code).toBe(1);
  });
});
