import type { RedisClient } from '../shared/create-redis.js';
import { AppError } from '../shared/errors.js';
import { toRedisUnavailable } from '../shared/redis-unavailable-error.js';
import { decodeRecord, encodeFields, pairsToHash } from './encode-record.js';
import { luaScript } from './lua-script.js';
import { inflightKeyOf, recordKeyOf, timelineKeyOf } from './redis-keys.js';
import { APPEND_MARK_LUA } from './timeline/append-mark-lua.js';
import { TIMELINE_MAX_MARKS } from './timeline/timeline-mark.js';
import { TERMINAL_STATES, type ReservationRecord } from './reservation-record.js';
import type {
  ClaimResult,
  PatchResult,
  ReservationStore,
  StartedAttempt,
} from './reservation-store.js';

/** Records outlive their deadline by this much, so late events and admin queries still find them. */
export const RECORD_GRACE_MS = 15 * 60_000;

export { recordKeyOf };

// Create-if-absent and count-if-present in one step, so two deliveries racing each other
// cannot both claim the reservation.
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'deliveries', 1)
  return redis.call('HGETALL', KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
if ARGV[3] == '1' then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4]) end
return false`;

// A terminal state is final: a late writer (a retried job, a slow event) must not revive it.
// A timeline mark (ARGV[4], '' for none) rides along, stored whether or not the patch applies,
// as a mark noted on its own would be: the worker's finishing write is one round trip, not two.
const PATCH = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if ARGV[4] ~= '' then
  local recordKey, timelineKey, max, mark = KEYS[1], KEYS[3], tonumber(ARGV[5]), ARGV[4]
  ${APPEND_MARK_LUA}
end
local state = redis.call('HGET', KEYS[1], 'state')
if ARGV[1] == '1' and (state == 'done' or state == 'failed' or state == 'expired' or state == 'skipped') then
  return state
end
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
if ARGV[2] == '1' then redis.call('ZREM', KEYS[2], ARGV[3]) end
return 'ok'`);

// The worker's read and mark in one round trip (it was an HGETALL, then a PATCH). Only the plain
// case is marked; anything else comes back unmarked for processReservationJob's careful path.
const START_ATTEMPT = luaScript(`
local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then return {0, h} end
local r = {}
for i = 1, #h, 2 do r[h[i]] = h[i + 1] end
local s = r['state']
if s == 'done' or s == 'failed' or s == 'expired' or s == 'skipped' or s == 'updating' then return {0, h} end
if r['reason'] == 'unconfirmed' then return {0, h} end
if r['reservationStatus'] and r['reservationStatus'] ~= 'pending' then return {0, h} end
local deadline = tonumber(ARGV[1])
local own = tonumber(r['deadline'])
if own and own < deadline then deadline = own end
if deadline - tonumber(ARGV[2]) < tonumber(ARGV[3]) then return {0, h} end
redis.call('HSET', KEYS[1], 'state', 'updating', 'attempts', (tonumber(r['attempts']) or 0) + 1, 'updatedAt', ARGV[2])
return {1, h}`);

export interface RedisReservationStoreOptions {
  readonly redis: RedisClient;
  /** Hash-tagged prefix, e.g. `{tra}`, so every key lands in one Redis Cluster slot. */
  readonly keyPrefix: string;
  readonly now?: () => number;
}

/**
 * Every failure to reach Redis rejects with a RedisUnavailableError (`mayHaveRun` says whether the
 * command may have run), never with ioredis's own error.
 * @example const store = createRedisReservationStore({ redis, keyPrefix: '{tra}' });
 */
export function createRedisReservationStore(opts: RedisReservationStoreOptions): ReservationStore {
  const store = createStore(opts);
  return {
    claim: (record) => store.claim(record).catch(rethrowTyped),
    patch: (sid, patch, o) => store.patch(sid, patch, o).catch(rethrowTyped),
    get: (sid) => store.get(sid).catch(rethrowTyped),
    startAttempt: (sid, o) => store.startAttempt(sid, o).catch(rethrowTyped),
    listInFlight: (o) => store.listInFlight(o).catch(rethrowTyped),
  };
}

function rethrowTyped(err: unknown): never {
  throw err instanceof AppError ? err : toRedisUnavailable(err);
}

function toClaimResult(record: ReservationRecord, result: string[] | null): ClaimResult {
  if (result === null) {
    return { claimed: true };
  }
  const existing = decodeRecord(pairsToHash(result));
  if (!existing) {
    throw new AppError('ERR_INTERNAL', `reservation record ${record.reservationSid} is unreadable`);
  }
  return { claimed: false, existing };
}

function createStore(opts: RedisReservationStoreOptions): ReservationStore {
  const { redis, keyPrefix } = opts;
  const now = opts.now ?? Date.now;
  const recordKey = (sid: string) => recordKeyOf(keyPrefix, sid);
  const indexKey = inflightKeyOf(keyPrefix);
  const maxMarks = String(TIMELINE_MAX_MARKS);

  return {
    // Sent at once, in the callback's own turn, before the job's add: gathering claims per tick
    // (f636790) let the add reach Redis first, so a fast worker found no record and the late claim
    // then left a done reservation `decided` (fault scenarios (f) and the sharded cluster, 1 run in 2).
    // EVAL, not EVALSHA, for the same reason: a NOSCRIPT answer (a restarted Redis) and the EVAL
    // sent after it would arrive behind the add.
    async claim(record: ReservationRecord): Promise<ClaimResult> {
      const result = (await redis.eval(
        CLAIM,
        2,
        recordKey(record.reservationSid),
        indexKey,
        String(record.deadline + RECORD_GRACE_MS),
        String(record.deadline),
        TERMINAL_STATES.has(record.state) ? '0' : '1',
        record.reservationSid,
        ...encodeFields(record),
      )) as string[] | null;
      return toClaimResult(record, result);
    },

    async patch(sid, patch, { live = false, mark } = {}): Promise<PatchResult> {
      const terminal = patch.state !== undefined && TERMINAL_STATES.has(patch.state);
      const fields = encodeFields({ ...patch, updatedAt: now() });
      return (await PATCH(
        redis,
        [recordKey(sid), indexKey, timelineKeyOf(keyPrefix, sid)],
        [
          live ? '1' : '0',
          terminal ? '1' : '0',
          sid,
          mark ? JSON.stringify(mark) : '',
          maxMarks,
          ...fields,
        ],
      )) as PatchResult;
    },

    async get(sid) {
      return decodeRecord(await redis.hgetall(recordKey(sid)));
    },

    async startAttempt(sid, { deadline, minAttemptMs }): Promise<StartedAttempt> {
      const args = [String(deadline), String(now()), String(minAttemptMs)];
      const [marked, pairs] = (await START_ATTEMPT(redis, [recordKey(sid)], args)) as [
        number,
        string[],
      ];
      return { record: decodeRecord(pairsToHash(pairs)), marked: marked === 1 };
    },

    async listInFlight({ state, limit = 100 } = {}) {
      // Entries whose record expired without reaching a terminal state are pruned here.
      await redis.zremrangebyscore(indexKey, '-inf', String(now() - RECORD_GRACE_MS));
      const sids = await redis.zrange(indexKey, 0, String(Math.max(limit * 4, 200) - 1));
      const pipeline = redis.pipeline();
      for (const sid of sids) {
        pipeline.hgetall(recordKey(sid));
      }
      const rows = (await pipeline.exec()) ?? [];
      const records: ReservationRecord[] = [];
      for (const [, hash] of rows) {
        const rec = decodeRecord((hash ?? {}) as Record<string, string>);
        if (
          rec &&
          !TERMINAL_STATES.has(rec.state) &&
          (state === undefined || rec.state === state)
        ) {
          records.push(rec);
        }
      }
      return records.slice(0, limit);
    },
  };
}
