import { describe, expect, it } from 'vitest';
import { keyPrefixOf, shardPrefixesOf } from '../../../src/compose/key-prefix.js';

const hashTag = (prefix: string) => /^\{([^}]+)\}$/.exec(prefix)?.[1];

describe('shardPrefixesOf', () => {
  it("when there is one shard, then its prefix is today's {tra}, byte for byte", () => {
    expect(shardPrefixesOf('tra', 1)).toEqual([keyPrefixOf({ redis: { prefix: 'tra' } })]);
    expect(shardPrefixesOf('tra', 1)).toEqual(['{tra}']);
  });

  it('when there are three shards, then each has a hash tag of its own', () => {
    const prefixes = shardPrefixesOf('tra', 3);
    expect(prefixes).toEqual(['{tra:0/3}', '{tra:1/3}', '{tra:2/3}']);
    expect(new Set(prefixes.map(hashTag)).size).toBe(3);
  });

  it('when two layouts differ in shard count, then they share no prefix, so both can run side by side', () => {
    const all = [1, 2, 3, 4].map((n) => shardPrefixesOf('tra', n));
    const flat = all.flat();
    expect(new Set(flat).size).toBe(flat.length);
  });
});
