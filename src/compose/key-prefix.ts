import type { Config } from '../config/env.js';

/**
 * `{prefix}`: the braces make it a Redis Cluster hash tag, so the records, the queue and the
 * caches of one deployment share a slot and BullMQ's multi-key scripts work on a cluster.
 */
export function keyPrefixOf(config: { readonly redis: Pick<Config['redis'], 'prefix'> }): string {
  return `{${config.redis.prefix}}`;
}
