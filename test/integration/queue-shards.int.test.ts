import { Queue, QueueEvents } from 'bullmq';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { refuseForeignLayout, layoutRegistryKey } from '../../src/compose/check-queue-layout.js';
import { createInfrastructure } from '../../src/compose/create-infrastructure.js';
import { shardPrefixesOf } from '../../src/compose/key-prefix.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { QUEUE_NAME, JOB_NAME } from '../../src/queue/contract.js';
import { sweepStaleReservations } from '../../src/queue/sweep-stale-reservations.js';
import { createMetrics } from '../../src/shared/create-metrics.js';
import { createRedis, type RedisClient } from '../../src/shared/create-redis.js';
import { AppError } from '../../src/shared/errors.js';
import { shardOf } from '../../src/shared/shard-of.js';
import { createRedisReservationStore } from '../../src/state/create-redis-reservation-store.js';
import { createShardedReservationStore } from '../../src/state/create-sharded-reservation-store.js';
import type { ReservationRecord } from '../../src/state/reservation-record.js';
import { adminRequest } from '../support/admin-client.js';
import { newSid } from '../support/sids.js';
import { startService, type TestService } from '../support/start-service.js';
import { aRecord } from '../support/reservation-record-fixture.js';

const RULES = 'test/fixtures/rules/e2e.yaml';
const SHARDS = 3;
const log = pino({ level: 'silent' });

interface Sharded {
  readonly svc: TestService;
  readonly redis: RedisClient;
  readonly prefixes: string[];
  readonly queues: Queue[];
  readonly events: QueueEvents[];
}

let current: Sharded | undefined;
afterEach(async () => {
  if (!current) {
    return;
  }
  const { svc, redis, queues, events, prefixes } = current;
  current = undefined;
  expect(svc.sim.violations).toEqual([]);
  await svc.close();
  await Promise.all([...events.map((e) => e.close()), ...queues.map((q) => q.close())]);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
  }
  await redis.quit();
});

/** The service with QUEUE_SHARDS=3 on the one test Redis, and a look at each shard's keys. */
async function startSharded(opts: { worker: boolean }): Promise<Sharded> {
  const svc = await startService({
    rulesPath: RULES,
    worker: opts.worker,
    env: { QUEUE_SHARDS: String(SHARDS) },
  });
  const redis = createRedis(svc.config.redis.url, 'worker', 'shards-test');
  const prefixes = shardPrefixesOf(svc.config.redis.prefix, SHARDS);
  const queues = prefixes.map((prefix) => new Queue(QUEUE_NAME, { connection: redis, prefix }));
  const events = prefixes.map(
    (prefix) =>
      new QueueEvents(QUEUE_NAME, {
        connection: createRedis(svc.config.redis.url, 'worker', 'shards-events'),
        prefix,
      }),
  );
  await Promise.all(events.map((e) => e.waitUntilReady()));
  current = { svc, redis, prefixes, queues, events };
  return current;
}

async function accepted(s: Sharded, sid: string): Promise<void> {
  const shard = shardOf(sid, SHARDS);
  const job = await s.queues[shard]!.getJob(sid);
  expect(job, `job ${sid} on shard ${shard}`).toBeDefined();
  await job!.waitUntilFinished(s.events[shard]!).catch(() => undefined);
}

/** Which shards hold a key named `suffix` (e.g. `:res:WR…`). */
async function shardsHolding(s: Sharded, suffix: string): Promise<number[]> {
  const held = await Promise.all(s.prefixes.map((p) => s.redis.exists(`${p}${suffix}`)));
  return held.flatMap((n, i) => (n > 0 ? [i] : []));
}

describe('QUEUE_SHARDS=3 on one Redis', () => {
  it("when 30 reservations arrive, then each one's record and job live on its SID's shard only, every shard gets some, each is updated once", async () => {
    const s = await startSharded({ worker: true });
    const sids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const params = s.svc.callback({ taskAttributes: { flow: 'accept' } });
      expect((await s.svc.postSigned(params)).status).toBe(200);
      sids.push(params.ReservationSid as string);
    }
    for (const sid of sids) {
      await accepted(s, sid);
      expect(s.svc.sim.updatesFor(sid)).toHaveLength(1);
      expect(await shardsHolding(s, `:res:${sid}`)).toEqual([shardOf(sid, SHARDS)]);
      expect(await shardsHolding(s, `:${QUEUE_NAME}:${sid}`)).toEqual([shardOf(sid, SHARDS)]);
      // The timeline's marks sit beside the record (its script reads the record's TTL).
      expect(await shardsHolding(s, `:timeline:${sid}`)).toEqual([shardOf(sid, SHARDS)]);
    }
    expect(new Set(sids.map((sid) => shardOf(sid, SHARDS))).size).toBe(SHARDS);
    // Nothing under the unsharded prefix but the Workflow cache.
    expect(await s.redis.keys(`{${s.svc.config.redis.prefix}}:res:*`)).toEqual([]);
    const store = createShardedReservationStore(
      s.prefixes.map((keyPrefix) => createRedisReservationStore({ redis: s.redis, keyPrefix })),
    );
    for (const sid of sids) {
      expect((await store.get(sid))?.state).toBe('done');
    }
  });

  it('when a callback is delivered twice at once, then both land on the same shard: one job, one update, two deliveries counted', async () => {
    const s = await startSharded({ worker: true });
    const sids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const params = s.svc.callback({ taskAttributes: { flow: 'accept' } });
      const [a, b] = await Promise.all([s.svc.postSigned(params), s.svc.postSigned(params)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      sids.push(params.ReservationSid as string);
    }
    const store = createShardedReservationStore(
      s.prefixes.map((keyPrefix) => createRedisReservationStore({ redis: s.redis, keyPrefix })),
    );
    for (const sid of sids) {
      await accepted(s, sid);
      expect(s.svc.sim.updatesFor(sid)).toHaveLength(1);
      expect(await shardsHolding(s, `:${QUEUE_NAME}:${sid}`)).toEqual([shardOf(sid, SHARDS)]);
      expect(await store.get(sid)).toMatchObject({ state: 'done', deliveries: 2 });
    }
  });

  it('when reservations wait on every shard, then the admin list, the record lookup, /metrics and the dashboard see all shards', async () => {
    const s = await startSharded({ worker: false });
    const sids: string[] = [];
    for (let i = 0; i < 15; i += 1) {
      const params = s.svc.callback({ taskAttributes: { flow: 'accept' } });
      expect((await s.svc.postSigned(params)).status).toBe(200);
      sids.push(params.ReservationSid as string);
    }
    expect(new Set(sids.map((sid) => shardOf(sid, SHARDS))).size).toBe(SHARDS);

    const list = await adminRequest(s.svc.url, '/admin/reservations?limit=100');
    expect(list.status).toBe(200);
    const listed = (list.json as { reservations: { reservationSid: string; deadline: number }[] })
      .reservations;
    expect(listed.map((r) => r.reservationSid).sort()).toEqual([...sids].sort());
    expect(listed.map((r) => r.deadline)).toEqual(
      listed.map((r) => r.deadline).sort((a, b) => a - b),
    );
    for (const sid of sids) {
      expect((await adminRequest(s.svc.url, `/admin/reservations/${sid}`)).status).toBe(200);
    }

    const metrics = await (await fetch(`${s.svc.url}/metrics`)).text();
    const waiting = [0, 1, 2].map((shard) => {
      const line = metrics
        .split('\n')
        .find(
          (l) =>
            l.startsWith('bullmq_job_count') &&
            l.includes('state="waiting"') &&
            l.includes(`shard="${shard}"`),
        );
      expect(line, `waiting count of shard ${shard}`).toBeDefined();
      return Number(line!.split(' ').at(-1));
    });
    expect(waiting).toEqual(
      [0, 1, 2].map((shard) => sids.filter((sid) => shardOf(sid, SHARDS) === shard).length),
    );
    expect(metrics.split('\n').filter((l) => l.startsWith('# HELP bullmq_job_count'))).toHaveLength(
      1,
    );

    const board = await adminRequest(s.svc.url, '/admin/queues/api/queues');
    expect(board.status).toBe(200);
    const boardQueues = (board.json as { queues: { name: string; counts: { waiting: number } }[] })
      .queues;
    expect(boardQueues).toHaveLength(SHARDS);
    expect(boardQueues.map((q) => q.counts.waiting).sort()).toEqual([...waiting].sort());
  });

  it('when records are stuck past their deadline on every shard, then one sweep over the sharded store finds them all', async () => {
    const s = await startSharded({ worker: false });
    const now = Date.now();
    const store = createShardedReservationStore(
      s.prefixes.map((keyPrefix) =>
        createRedisReservationStore({ redis: s.redis, keyPrefix, now: () => now }),
      ),
    );
    const stuck = Array.from({ length: 12 }, () => newSid('WR'));
    for (const sid of stuck) {
      await store.claim(record(sid, now - 60_000));
    }
    expect(new Set(stuck.map((sid) => shardOf(sid, SHARDS))).size).toBe(SHARDS);
    const swept = await sweepStaleReservations({
      store,
      metrics: createMetrics(),
      log,
      now: () => now,
    });
    expect(swept).toBe(stuck.length);
    for (const sid of stuck) {
      expect(await store.get(sid)).toMatchObject({ state: 'expired', reason: 'swept' });
    }
  });
});

describe('start refused on work in a foreign layout', () => {
  it('when the unsharded layout holds work, then a 3-shard start is refused, allowed while it is named draining, and a later 1-shard start is refused on the 3-shard work', async () => {
    const s = await startSharded({ worker: false });
    const prefix = s.svc.config.redis.prefix;
    const configOf = (env: Record<string, string>): Config =>
      loadConfig({ ...envOf(s.svc.config), REDIS_PREFIX: prefix, ...env });
    const check = async (env: Record<string, string>) => {
      const config = configOf(env);
      const infra = createInfrastructure({ config, metrics: createMetrics(), log, now: Date.now });
      try {
        await refuseForeignLayout(infra, config, Date.now);
        return 'started';
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).code;
      } finally {
        await infra.close.run();
      }
    };

    // Before any work anywhere, an unsharded start writes nothing new.
    expect(await check({ QUEUE_SHARDS: '1' })).toBe('started');
    expect(await s.redis.exists(layoutRegistryKey(prefix))).toBe(0);

    // Work in the unsharded layout: an in-flight record there.
    const single = createRedisReservationStore({ redis: s.redis, keyPrefix: `{${prefix}}` });
    const oldSid = newSid('WR');
    await single.claim(record(oldSid, Date.now() + 60_000));
    expect(await check({ QUEUE_SHARDS: '3' })).toBe('ERR_QUEUE_LAYOUT_FOREIGN');
    expect(await check({ QUEUE_SHARDS: '3', QUEUE_SHARDS_DRAINING: '1' })).toBe('started');
    expect(await s.redis.smembers(layoutRegistryKey(prefix))).toEqual(['3']);

    // The callbacks the 3-shard service took are work in a layout a 1-shard process was not told about.
    const params = s.svc.callback({ taskAttributes: { flow: 'accept' } });
    expect((await s.svc.postSigned(params)).status).toBe(200);
    await single.patch(oldSid, { state: 'done' });
    expect(await check({ QUEUE_SHARDS: '1' })).toBe('ERR_QUEUE_LAYOUT_FOREIGN');
    expect(await check({ QUEUE_SHARDS: '1', QUEUE_SHARDS_DRAINING: '3' })).toBe('started');
    // The old layout has drained: a 3-shard start no longer needs QUEUE_SHARDS_DRAINING.
    expect(await check({ QUEUE_SHARDS: '3' })).toBe('started');
  });

  it('when the old layout holds only a queued job (no record), then the start is refused too', async () => {
    const s = await startSharded({ worker: false });
    const prefix = s.svc.config.redis.prefix;
    const queue = new Queue(QUEUE_NAME, { connection: s.redis, prefix: `{${prefix}}` });
    await queue.add(JOB_NAME, {}, { jobId: newSid('WR'), delay: 60_000 });
    const config = loadConfig({ ...envOf(s.svc.config), REDIS_PREFIX: prefix, QUEUE_SHARDS: '2' });
    const infra = createInfrastructure({ config, metrics: createMetrics(), log, now: Date.now });
    await expect(refuseForeignLayout(infra, config, Date.now)).rejects.toMatchObject({
      code: 'ERR_QUEUE_LAYOUT_FOREIGN',
      message: expect.stringContaining(
        `{${prefix}} (QUEUE_SHARDS=1): 1 job list(s) not empty`,
      ) as unknown,
    });
    await infra.close.run();
    await queue.obliterate({ force: true });
    await queue.close();
  });
});

function envOf(config: Config): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: config.twilio.accountSid,
    TWILIO_AUTH_TOKEN: config.twilio.authToken,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    REDIS_URL: config.redis.url,
  };
}

function record(sid: string, deadline: number): ReservationRecord {
  return aRecord({
    reservationSid: sid,
    state: 'queued',
    receivedAt: deadline - 120_000,
    deadline,
  });
}
