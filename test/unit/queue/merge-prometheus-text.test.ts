import { describe, expect, it } from 'vitest';
import { mergePrometheusText } from '../../../src/queue/merge-prometheus-text.js';

const shardText = (shard: number, waiting: number) =>
  [
    '# HELP bullmq_job_count Number of jobs in the queue by state',
    '# TYPE bullmq_job_count gauge',
    `bullmq_job_count{queue="reservations", state="waiting", shard="${shard}"} ${waiting}`,
    '# HELP bullmq_job_completed_total Total number of completed jobs',
    '# TYPE bullmq_job_completed_total counter',
    `bullmq_job_completed_total{queue="reservations", shard="${shard}"} 1`,
  ].join('\n');

describe('mergePrometheusText', () => {
  it("when two shards report the same families, then each family's header appears once with both shards' samples under it", () => {
    const lines = mergePrometheusText([shardText(0, 4), shardText(1, 9)]).split('\n');
    expect(lines.filter((l) => l.startsWith('# HELP bullmq_job_count'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('# TYPE bullmq_job_completed_total'))).toHaveLength(1);
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at('shard="0"} 4')).toBeGreaterThan(at('# TYPE bullmq_job_count'));
    expect(at('shard="1"} 9')).toBe(at('shard="0"} 4') + 1);
    expect(at('# HELP bullmq_job_completed_total')).toBeGreaterThan(at('shard="1"} 9'));
  });

  it('when one text is given, then it comes back unchanged', () => {
    expect(mergePrometheusText([shardText(0, 4)])).toBe(shardText(0, 4));
  });
});
