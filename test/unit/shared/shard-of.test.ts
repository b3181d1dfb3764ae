import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../../../src/shared/shard-of.js';
import { newSid } from '../../support/sids.js';

describe('shardOf', () => {
  it('when a SID is hashed, then it gets the same shard as pinned here (any process, any version, picks it)', () => {
    // Pinned: changing the hash would move reservations in flight to another shard's keys.
    expect(shardOf('WR0123456789abcdef0123456789abcdef', 3)).toBe(1);
    expect(shardOf('WR0123456789abcdef0123456789abcdef', 64)).toBe(33);
    expect(shardOf(`WR${'0'.repeat(32)}`, 64)).toBe(12);
    expect(shardOf(`WR${'f'.repeat(32)}`, 64)).toBe(6);
  });

  it('when another Node process hashes the same SIDs, then it picks the same shards', () => {
    const sids = Array.from({ length: 50 }, () => newSid('WR'));
    const script = `import('${new URL('../../../src/shared/shard-of.ts', import.meta.url).href}').then(({ shardOf }) =>
      console.log(JSON.stringify(${JSON.stringify(sids)}.map((s) => shardOf(s, 5)))))`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(sids.map((s) => shardOf(s, 5)));
  });

  it('when there is one shard (or none configured), then every SID is shard 0', () => {
    expect(shardOf(newSid('WR'), 1)).toBe(0);
    expect(shardOf(newSid('WR'), 0)).toBe(0);
  });

  it.each([2, 3, 4, 8])(
    'when 6000 random SIDs go to %i shards, then every shard gets between 80 % and 120 % of its share',
    (n) => {
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < 6000; i += 1) {
        const shard = shardOf(newSid('WR'), n);
        expect(shard).toBeGreaterThanOrEqual(0);
        expect(shard).toBeLessThan(n);
        counts[shard] = (counts[shard] ?? 0) + 1;
      }
      for (const c of counts) {
        expect(c / (6000 / n)).toBeGreaterThan(0.8);
        expect(c / (6000 / n)).toBeLessThan(1.2);
      }
    },
  );
});
