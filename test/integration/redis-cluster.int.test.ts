import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster } from '../../src/local/start-redis-cluster.js';
import { startService, type TestService } from '../support/start-service.js';

let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
let svc: TestService;

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  svc = await startService({
    rulesPath: 'test/fixtures/rules/e2e.yaml',
    env: { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true' },
  });
}, 60_000);
afterAll(async () => {
  await svc?.close();
  await cluster?.stop();
});

describe('on a Redis Cluster (hash-tagged prefix)', () => {
  it('when callbacks arrive, then records, duplicates and BullMQ jobs all work across the cluster', async () => {
    const callbacks = ['accept', 'reject', 'conference', 'dequeue', 'call', 'redirect'].map(
      (flow) =>
        svc.callback({
          taskAttributes: { flow, to: '+14155550111', call_sid: `CA${'7'.repeat(32)}` },
          workerAttributes: { contact_uri: 'client:alice' },
        }),
    );
    for (const params of callbacks) {
      expect((await svc.postSigned(params)).status).toBe(200);
    }
    expect((await svc.postSigned(callbacks[0]!)).status).toBe(200);
    for (const params of callbacks) {
      await svc.jobFinished(params.ReservationSid!);
      expect(svc.sim.updatesFor(params.ReservationSid!)).toHaveLength(1);
      expect((await svc.record(params.ReservationSid!))?.state).toBe('done');
    }
    expect((await svc.record(callbacks[0]!.ReservationSid!))?.deliveries).toBe(2);
    expect(svc.sim.violations).toEqual([]);
  });
});
