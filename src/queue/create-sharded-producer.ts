import { shardOf } from '../shared/shard-of.js';
import type { ReservationProducer } from './create-reservation-producer.js';
import { mergePrometheusText } from './merge-prometheus-text.js';

/** The producer of every shard behind one face; the dashboard gets each shard's queue. */
export interface ShardedProducer extends Omit<ReservationProducer, 'queueForDashboard'> {
  /** Each shard's BullMQ queue, in shard order, for the dashboard only. */
  queuesForDashboard(): ReturnType<ReservationProducer['queueForDashboard']>[];
}

/**
 * Sends a reservation's job to the shard its SID hashes to (so a second delivery finds the first
 * job and is a no-op), drops it there, and reports every shard's job counts, each labelled
 * `shard` when there is more than one.
 * @example const producer = createShardedProducer(prefixes.map((prefix) => createReservationProducer({ connection, prefix, log })));
 */
export function createShardedProducer(shards: readonly ReservationProducer[]): ShardedProducer {
  if (shards.length === 0) {
    throw new RangeError('a sharded producer needs at least one shard');
  }
  const of = (sid: string) => shards[shardOf(sid, shards.length)] as ReservationProducer;
  return {
    enqueue: (data, opts) => of(data.reservationSid).enqueue(data, opts),
    dropJob: (sid) => of(sid).dropJob(sid),
    async exportMetrics(labels) {
      if (shards.length === 1) {
        return (shards[0] as ReservationProducer).exportMetrics(labels);
      }
      const texts = await Promise.all(
        shards.map((p, i) => p.exportMetrics({ ...labels, shard: String(i) })),
      );
      return mergePrometheusText(texts);
    },
    queuesForDashboard: () => shards.map((p) => p.queueForDashboard()),
    close: async () => {
      await Promise.all(shards.map((p) => p.close()));
    },
  };
}
