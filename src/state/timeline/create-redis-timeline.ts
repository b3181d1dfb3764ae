import type { RedisClient } from '../../shared/create-redis.js';
import type { Logger } from '../../shared/logger.js';
import { luaScript } from '../lua-script.js';
import { recordKeyOf, timelineKeyOf } from '../redis-keys.js';
import { APPEND_MARK_LUA } from './append-mark-lua.js';
import type { ReservationTimeline } from './reservation-timeline.js';
import { decodeMark, TIMELINE_MAX_MARKS, type TimelineMark } from './timeline-mark.js';

// One hash per reservation (layout in append-mark-lua.ts); nothing is written for a reservation
// without a record.
const ADD = luaScript(`
local recordKey, timelineKey, max, mark = KEYS[1], KEYS[2], tonumber(ARGV[1]), ARGV[2]
${APPEND_MARK_LUA}`);

export interface RedisTimelineOptions {
  readonly redis: RedisClient;
  /** The records' prefix (hash-tagged), so a record and its timeline share a Cluster slot. */
  readonly keyPrefix: string;
  readonly log: Logger;
  /** @defaultValue TIMELINE_MAX_MARKS (100) */
  readonly maxMarks?: number;
}

/**
 * Timeline marks in Redis, one script call per mark (the worker's finishing patch carries its
 * own mark instead: see the store's `patch`), sent on the caller's connection without
 * waiting: Redis runs a connection's commands in order, so a mark noted before a record patch
 * is stored before it.
 * @example const timeline = createRedisTimeline({ redis, keyPrefix: '{tra}', log });
 */
export function createRedisTimeline(opts: RedisTimelineOptions): ReservationTimeline {
  const { redis, keyPrefix, log } = opts;
  const max = String(opts.maxMarks ?? TIMELINE_MAX_MARKS);
  return {
    note(sid: string, mark: TimelineMark) {
      ADD(
        redis,
        [recordKeyOf(keyPrefix, sid), timelineKeyOf(keyPrefix, sid)],
        [max, JSON.stringify(mark)],
      ).catch((err: Error) => {
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
