import type { Config } from '../config/env.js';
import { clusterSlotOf } from '../shared/cluster-slot-of.js';

/**
 * `{prefix}`: the braces make it a Redis Cluster hash tag, so the records, the queue and the
 * caches of one deployment share a slot and BullMQ's multi-key scripts work on a cluster.
 */
export function keyPrefixOf(config: { readonly redis: Pick<Config['redis'], 'prefix'> }): string {
  return `{${config.redis.prefix}}`;
}

const SLOTS = 16384;

/**
 * The key prefix of each shard of a layout of `count` shards. One shard is today's layout,
 * `{tra}`, unchanged. Several shards each get a hash tag of their own that names the shard and
 * the count (`{tra:0/3}`), so two layouts never share a key and can run side by side while the
 * old one drains. Shard i's tag is the first of `{tra:i/N}`, `{tra:i/N.1}`, `{tra:i/N.2}`, …
 * whose slot falls in the i-th of N equal slot ranges: `redis-cli --cluster create` splits the
 * slots that way over N primaries, so each shard lands on a primary of its own.
 */
export function shardPrefixesOf(prefix: string, count: number): string[] {
  if (count <= 1) {
    return [`{${prefix}}`];
  }
  return Array.from({ length: count }, (_, shard) => {
    for (let k = 0; ; k += 1) {
      const tag = `{${prefix}:${shard}/${count}${k === 0 ? '' : `.${k}`}}`;
      if (Math.floor((clusterSlotOf(tag) * count) / SLOTS) === shard) {
        return tag;
      }
    }
  });
}
