import { shardOf } from '../shared/shard-of.js';
import type { ReservationRecord } from './reservation-record.js';
import type { ClaimResult, ReservationStore } from './reservation-store.js';

/**
 * One store over the stores of every shard: a reservation's record is read and written on the
 * shard its SID hashes to, and the in-flight list merges every shard's, soonest deadline first.
 * With one shard it is that shard's store itself.
 * @example const store = createShardedReservationStore(prefixes.map((keyPrefix) => createRedisReservationStore({ redis, keyPrefix })));
 */
export function createShardedReservationStore(
  shards: readonly ReservationStore[],
): ReservationStore {
  if (shards.length === 1 && shards[0]) {
    return shards[0];
  }
  if (shards.length === 0) {
    throw new RangeError('a sharded store needs at least one shard');
  }
  const of = (sid: string) => shards[shardOf(sid, shards.length)] as ReservationStore;
  return {
    claim: (record) => of(record.reservationSid).claim(record),
    // One call per shard (a shard's keys share a Cluster slot), the results put back in order.
    async claimMany(records) {
      const byShard = new Map<number, number[]>();
      records.forEach((r, i) => {
        const shard = shardOf(r.reservationSid, shards.length);
        const indexes = byShard.get(shard);
        if (indexes) {
          indexes.push(i);
        } else {
          byShard.set(shard, [i]);
        }
      });
      const out: ClaimResult[] = new Array<ClaimResult>(records.length);
      await Promise.all(
        [...byShard].map(async ([shard, indexes]) => {
          const results = await (shards[shard] as ReservationStore).claimMany(
            indexes.map((i) => records[i] as ReservationRecord),
          );
          indexes.forEach((i, j) => (out[i] = results[j] as ClaimResult));
        }),
      );
      return out;
    },
    patch: (sid, patch, opts) => of(sid).patch(sid, patch, opts),
    get: (sid) => of(sid).get(sid),
    startAttempt: (sid, opts) => of(sid).startAttempt(sid, opts),
    async listInFlight(opts = {}) {
      const lists = await Promise.all(shards.map((s) => s.listInFlight(opts)));
      const merged = lists.flat().sort(byDeadline);
      return opts.limit === undefined ? merged.slice(0, 100) : merged.slice(0, opts.limit);
    },
  };
}

function byDeadline(a: ReservationRecord, b: ReservationRecord): number {
  return a.deadline - b.deadline;
}
