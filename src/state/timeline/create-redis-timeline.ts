import type { RedisClient } from '../../shared/create-redis.js';
import type { Logger } from '../../shared/logger.js';
import { recordKeyOf } from '../create-redis-reservation-store.js';
import type { ReservationTimeline } from './reservation-timeline.js';
import { decodeMark, TIMELINE_MAX_MARKS, type TimelineMark } from './timeline-mark.js';

// One hash per reservation: field `n` counts the marks ever added, fields 1..n hold them, and only
// the last `max` are kept. It expires when the record does (the record's remaining TTL, copied on
// every add), and nothing is written for a reservation without a record.
const ADD = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
local n = redis.call('HINCRBY', KEYS[2], 'n', 1)
redis.call('HSET', KEYS[2], tostring(n), ARGV[2])
local max = tonumber(ARGV[1])
if n > max then redis.call('HDEL', KEYS[2], tostring(n - max)) end
redis.call('PEXPIRE', KEYS[2], ttl)
return n`;

export interface RedisTimelineOptions {
  readonly redis: RedisClient;
  /** The records' prefix (hash-tagged), so a record and its timeline share a Cluster slot. */
  readonly keyPrefix: string;
  readonly log: Logger;
  /** @defaultValue TIMELINE_MAX_MARKS (100) */
  readonly maxMarks?: number;
}

/** The key of a reservation's timeline marks. */
export const timelineKeyOf = (keyPrefix: string, sid: string): string =>
  `${keyPrefix}:timeline:${sid}`;

/**
 * Timeline marks in Redis, one script call per mark, sent on the caller's connection without
 * waiting: Redis runs a connection's commands in order, so a mark noted before a record patch
 * is stored before it.
 * @example const timeline = createRedisTimeline({ redis, keyPrefix: '{tra}', log });
 */
export function createRedisTimeline(opts: RedisTimelineOptions): ReservationTimeline {
  const { redis, keyPrefix, log } = opts;
  const max = String(opts.maxMarks ?? TIMELINE_MAX_MARKS);
  return {
    note(sid: string, mark: TimelineMark) {
      redis
        .eval(
          ADD,
          2,
          recordKeyOf(keyPrefix, sid),
          timelineKeyOf(keyPrefix, sid),
          max,
          JSON.stringify(mark),
        )
        .catch((err: Error) => {
          log.debug(
            { reservationSid: sid, err: err.message, mark: mark.kind },
            'timeline mark not stored',
          );
        });
    },

    async read(sid: string) {
      const hash = await redis.hgetall(timelineKeyOf(keyPrefix, sid));
      const seqs = Object.keys(hash)
        .filter((k) => /^\d+$/.test(k))
        .map(Number)
        .sort((a, b) => a - b);
      const marks = seqs
        .map((seq) => decodeMark(hash[String(seq)] ?? ''))
        .filter((m): m is TimelineMark => m !== null);
      const added = Number(hash.n ?? 0);
      return { marks, dropped: Math.max(0, added - seqs.length) };
    },
  };
}
