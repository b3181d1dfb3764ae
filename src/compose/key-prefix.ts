import type { Config } from '../config/env.js';

/**
 * `{prefix}`: the braces make it a Redis Cluster hash tag, so the records, the queue and the
 * caches of one deployment share a slot and BullMQ's multi-key scripts work on a cluster.
 */
export function keyPrefixOf(config: { readonly redis: Pick<Config['redis'], 'prefix'> }): string {
  return `{${config.redis.prefix}}`;
}

/**
 * The key prefix of each shard of a layout of `count` shards. One shard is today's layout,
 * `{tra}`, unchanged. Several shards each get a hash tag of their own, so a cluster spreads them
 * over its nodes; the tag names the shard count too (`{tra:0/3}`), so two layouts never share a
 * key and can run side by side while the old one drains.
 */
export function shardPrefixesOf(prefix: string, count: number): string[] {
  if (count <= 1) {
    return [`{${prefix}}`];
  }
  return Array.from({ length: count }, (_, i) => `{${prefix}:${i}/${count}}`);
}
