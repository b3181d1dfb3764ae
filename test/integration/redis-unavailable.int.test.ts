import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createReservationProducer } from '../../src/queue/create-reservation-producer.js';
import { createRedis, type RedisClient } from '../../src/shared/create-redis.js';
import { RedisUnavailableError } from '../../src/shared/redis-unavailable-error.js';
import { createRedisReservationStore } from '../../src/state/create-redis-reservation-store.js';
import type { ReservationRecord } from '../../src/state/reservation-record.js';
import { freePort, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { aJobData } from '../support/reservation-job-fixture.js';
import { newSid } from '../support/sids.js';
import { aRecord } from '../support/reservation-record-fixture.js';

const log = pino({ level: 'silent' });
const record = (): ReservationRecord =>
  aRecord({
    reservationSid: newSid('WR'),
    receivedAt: 1,
    deadline: Date.now() + 60_000,
    updatedAt: 1,
  });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) {
    await step().catch(() => undefined);
  }
});

function producerConnection(url: string): RedisClient {
  const redis = createRedis(url, 'producer', 'test');
  redis.on('error', () => undefined);
  cleanups.push(() => Promise.resolve(redis.disconnect()));
  return redis;
}

describe('typed Redis signals (the web side, on fail-fast connections)', () => {
  it('when nothing listens, then the store rejects with RedisUnavailableError that did not run', async () => {
    const redis = producerConnection(`redis://127.0.0.1:${await freePort()}`);
    const store = createRedisReservationStore({ redis, keyPrefix: '{t}', now: Date.now });
    const err: unknown = await store.claim(record()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err).toMatchObject({ code: 'ERR_REDIS_UNAVAILABLE', mayHaveRun: false });
  });

  it('when Redis never came up, then the producer refuses at once instead of waiting for a first ready', async () => {
    const redis = producerConnection(`redis://127.0.0.1:${await freePort()}`);
    const producer = createReservationProducer({ connection: redis, prefix: '{t}', log });
    cleanups.push(() => producer.close());
    const data = aJobData({ receivedAt: 1, deadline: 2 });
    for (const attempt of [
      producer.enqueue(data),
      producer.dropJob(data.reservationSid),
      producer.exportMetrics(),
    ]) {
      await expect(attempt).rejects.toMatchObject({
        code: 'ERR_REDIS_UNAVAILABLE',
        mayHaveRun: false,
      });
    }
  });

  describe('when Redis is frozen (SIGSTOP)', () => {
    let server: RedisServer;
    it('then a claim fails with RedisUnavailableError that may have run (the command was written)', async () => {
      server = await startRedisServer();
      cleanups.push(() => server.stop());
      const redis = producerConnection(server.url);
      if (redis.status !== 'ready') {
        await new Promise((resolve) => redis.once('ready', resolve));
      }
      process.kill(server.pid as number, 'SIGSTOP');
      cleanups.push(() => Promise.resolve(void process.kill(server.pid as number, 'SIGCONT')));
      const store = createRedisReservationStore({ redis, keyPrefix: '{t}', now: Date.now });
      // Bounded by the producer connection's command timeout.
      const err: unknown = await store.claim(record()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedisUnavailableError);
      expect(err).toMatchObject({ mayHaveRun: true });
    });
  });
});
