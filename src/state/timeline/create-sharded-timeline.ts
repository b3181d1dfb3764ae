import { shardOf } from '../../shared/shard-of.js';
import type { ReservationTimeline } from './reservation-timeline.js';

/**
 * One timeline over every shard's: a reservation's marks live beside its record, on the shard its
 * SID hashes to (the mark script reads the record's TTL, so both keys must share a slot).
 * With one shard it is that shard's timeline itself.
 * @example const timeline = createShardedTimeline(prefixes.map((keyPrefix) => createRedisTimeline({ redis, keyPrefix, log })));
 */
export function createShardedTimeline(shards: readonly ReservationTimeline[]): ReservationTimeline {
  if (shards.length === 1 && shards[0]) {
    return shards[0];
  }
  if (shards.length === 0) {
    throw new RangeError('a sharded timeline needs at least one shard');
  }
  const of = (sid: string) => shards[shardOf(sid, shards.length)] as ReservationTimeline;
  return {
    note: (sid, mark) => of(sid).note(sid, mark),
    read: (sid) => of(sid).read(sid),
  };
}
