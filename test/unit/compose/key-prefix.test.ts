import { describe, expect, it } from 'vitest';
import { keyPrefixOf, shardPrefixesOf } from '../../../src/compose/key-prefix.js';
import { clusterSlotOf } from '../../../src/shared/cluster-slot-of.js';

const hashTag = (prefix: string) => /^\{([^}]+)\}$/.exec(prefix)?.[1];

describe('shardPrefixesOf', () => {
  it("when there is one shard, then its prefix is today's {tra}, byte for byte", () => {
    expect(shardPrefixesOf('tra', 1)).toEqual([keyPrefixOf({ redis: { prefix: 'tra' } })]);
    expect(shardPrefixesOf('tra', 1)).toEqual(['{tra}']);
  });

  it('when there are three shards, then each has a hash tag of its own naming the shard and the count', () => {
    const prefixes = shardPrefixesOf('tra', 3);
    expect(prefixes).toHaveLength(3);
    prefixes.forEach((p, i) => expect(p).toMatch(new RegExp(`^\\{tra:${i}/3(\\.\\d+)?\\}$`)));
    expect(new Set(prefixes.map(hashTag)).size).toBe(3);
  });

  it.each([2, 3, 4, 7, 64])(
    'when there are %i shards, then shard i hashes into the i-th equal slot range (one primary each on an evenly split cluster)',
    (n) => {
      shardPrefixesOf('tra', n).forEach((p, i) => {
        expect(Math.floor((clusterSlotOf(`${p}:inflight`) * n) / 16384)).toBe(i);
      });
    },
  );

  it('when two layouts differ in shard count, then they share no prefix, so both can run side by side', () => {
    const all = [1, 2, 3, 4].map((n) => shardPrefixesOf('tra', n));
    const flat = all.flat();
    expect(new Set(flat).size).toBe(flat.length);
  });
});
