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

// Create-if-absent and count-if-present in one step, so two deliveries racing each other
// cannot both claim the reservation. A record with no delivery counted was written by the worker
// (its job's add overtook this claim: START_ATTEMPT's adoption): the claim fills in what it lacks
// and changes nothing it has, its state above all, and counts as claimed.
const CLAIM = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'deliveries') == '0' then
    for i = 5, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
    redis.call('HSET', KEYS[1], 'deliveries', 1)
    return false
  end
  redis.call('HINCRBY', KEYS[1], 'deliveries', 1)
  return redis.call('HGETALL', KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
if ARGV[3] == '1' then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4]) end
return false`);

// CLAIM for any number of records in one call (KEYS[2..]: their keys; ARGV, per record: expire-at,
// deadline, indexed, sid, field count, fields): the records gathered behind answers, one round
// trip. 0 for a record claimed (or a worker's record filled in, as CLAIM does), the existing
// fields otherwise.
const CLAIM_MANY = luaScript(`
local out = {}
local a = 1
for k = 2, #KEYS do
  local key = KEYS[k]
  local n = tonumber(ARGV[a + 4])
  if redis.call('EXISTS', key) == 1 then
    if redis.call('HGET', key, 'deliveries') == '0' then
      for i = a + 5, a + 4 + n, 2 do redis.call('HSETNX', key, ARGV[i], ARGV[i + 1]) end
      redis.call('HSET', key, 'deliveries', 1)
      out[k - 1] = 0
    else
      redis.call('HINCRBY', key, 'deliveries', 1)
      out[k - 1] = redis.call('HGETALL', key)
    end
  else
    redis.call('HSET', key, unpack(ARGV, a + 5, a + 4 + n))
    redis.call('PEXPIREAT', key, ARGV[a])
    if ARGV[a + 2] == '1' then redis.call('ZADD', KEYS[1], ARGV[a + 1], ARGV[a + 3]) end
    out[k - 1] = 0
  end
  a = a + 5 + n
end
return out`);

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
// No record, and the job's fields given (ARGV[4] expire-at, ARGV[5] sid, then the fields): the
// worker writes the record itself, already updating, with no delivery counted (see CLAIM).
const START_ATTEMPT = luaScript(`
local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then
  if #ARGV < 5 or tonumber(ARGV[1]) - tonumber(ARGV[2]) < tonumber(ARGV[3]) then return {0, h} end
  redis.call('HSET', KEYS[1], 'state', 'updating', 'attempts', 1, 'deliveries', 0, 'updatedAt', ARGV[2], unpack(ARGV, 6))
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[5])
  return {1, h}
end
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
    claimMany: (records) => store.claimMany(records).catch(rethrowTyped),
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

/** A claim's arguments: expire-at, deadline, whether in flight (indexed), sid, then the fields. */
function claimArgs(record: ReservationRecord): [string, string, string, string, ...string[]] {
  return [
    String(record.deadline + RECORD_GRACE_MS),
    String(record.deadline),
    TERMINAL_STATES.has(record.state) ? '0' : '1',
    record.reservationSid,
    ...encodeFields(record),
  ];
}

function createStore(opts: RedisReservationStoreOptions): ReservationStore {
  const { redis, keyPrefix } = opts;
  const now = opts.now ?? Date.now;
  const recordKey = (sid: string) => recordKeyOf(keyPrefix, sid);
  const indexKey = inflightKeyOf(keyPrefix);
  const maxMarks = String(TIMELINE_MAX_MARKS);

  return {
    // By EVALSHA like every script here. A NOSCRIPT answer (a restarted Redis) resends the claim
    // as EVAL after the job's add, so the add can land first; the worker then writes the record
    // itself and this claim only fills it in (START_ATTEMPT, CLAIM), so the order is not needed
    // for safety (it was EVAL for that reason until eaffe85).
    async claim(record: ReservationRecord): Promise<ClaimResult> {
      const result = (await CLAIM(
        redis,
        [recordKey(record.reservationSid), indexKey],
        claimArgs(record),
      )) as string[] | null;
      return toClaimResult(record, result);
    },

    // Records written behind an answer: no add follows them, so EVALSHA is safe.
    async claimMany(records) {
      if (records.length === 0) {
        return [];
      }
      const keys = [indexKey];
      const args: string[] = [];
      for (const record of records) {
        const [expireAt, deadline, indexed, sid, ...fields] = claimArgs(record);
        keys.push(recordKey(record.reservationSid));
        args.push(expireAt, deadline, indexed, sid, String(fields.length), ...fields);
      }
      const results = (await CLAIM_MANY(redis, keys, args)) as (string[] | 0)[];
      return records.map((record, i) => {
        const result = results[i];
        return toClaimResult(record, result === 0 || result === undefined ? null : result);
      });
    },

    async patch(sid, patch, { live = false, mark } = {}): Promise<PatchResult> {
      const terminal = patch.state !== undefined && TERMINAL_STATES.has(patch.state);
      // Pushed, not spread into the patch: on Node 20 a property written after a spread costs ~1 µs.
      const fields = encodeFields(patch);
      fields.push('updatedAt', String(now()));
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

    async startAttempt(sid, { deadline, minAttemptMs, adopt }): Promise<StartedAttempt> {
      const args = [String(deadline), String(now()), String(minAttemptMs)];
      if (adopt) {
        args.push(String(adopt.deadline + RECORD_GRACE_MS), sid, ...encodeFields(adopt));
      }
      const [marked, pairs] = (await START_ATTEMPT(redis, [recordKey(sid), indexKey], args)) as [
        number,
        string[],
      ];
      return { record: decodeRecord(pairsToHash(pairs)), marked: marked === 1 };
    },

    async listInFlight({ state, limit = 100, dueBefore } = {}) {
      // Entries whose record expired without reaching a terminal state are pruned here.
      await redis.zremrangebyscore(indexKey, '-inf', String(now() - RECORD_GRACE_MS));
      // Read more than asked: some entries may be terminal already or in another state.
      const reads = Math.max(limit * 4, 200);
      const sids =
        dueBefore === undefined
          ? await redis.zrange(indexKey, 0, String(reads - 1))
          : await redis.zrangebyscore(indexKey, '-inf', `(${dueBefore}`, 'LIMIT', 0, reads);
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
