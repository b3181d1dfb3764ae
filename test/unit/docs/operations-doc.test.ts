import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/shared/create-metrics.js';

const text = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');

const { registry } = createMetrics();
const names = (await registry.getMetricsAsJSON()).map((m) => m.name);

describe('operations documentation', () => {
  it.each(names)('when %s is exported, then the metrics table lists it with its labels', (name) => {
    const row = text.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, `metrics table row for ${name}`).toBeDefined();
    const declared = (registry.getSingleMetric(name) as unknown as { labelNames: string[] })
      .labelNames;
    for (const label of declared) {
      expect(row, `${name} label ${label}`).toContain(`\`${label}\``);
    }
  });

  it("when BullMQ's export is appended, then its metric names are documented too", () => {
    for (const name of [
      'bullmq_job_count',
      'bullmq_job_completed_total',
      'bullmq_job_failed_total',
    ]) {
      expect(text).toContain(`\`${name}\``);
    }
  });

  it('when examples were generated, then their markers are filled', () => {
    for (const block of text.matchAll(
      /<!-- BEGIN generated: ([\w-]+) -->\n([\s\S]*?)<!-- END generated: \1 -->/g,
    )) {
      expect(block[2]!.trim().length, `generated block ${block[1]}`).toBeGreaterThan(50);
    }
  });
});
