import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startService, type TestService } from '../support/start-service.js';

let redis: RedisServer;
let svc: TestService;

beforeAll(async () => {
  redis = await startRedisServer();
  svc = await startService({
    rulesPath: 'test/fixtures/rules/e2e.yaml',
    worker: false,
    env: { REDIS_URL: redis.url },
  });
  // Warm the Workflow timeout cache while Redis is up; it is not what this test is about.
  await svc.postSigned(svc.callback({ taskAttributes: { flow: 'accept', inline: true } }));
  await redis.stop({ keepDir: true });
});
afterAll(async () => {
  // Bring Redis back on the same port so the harness can clean up, then stop it for good.
  redis = await startRedisServer({ port: redis.port, dir: redis.dir });
  try {
    await svc.close();
  } finally {
    await redis.stop();
  }
});

describe('degraded mode: Redis is down', () => {
  it('when the decision can be expressed inline, then the callback is still answered with it', async () => {
    const res = await svc.postSigned(svc.callback({ taskAttributes: { flow: 'accept' } }));
    expect(res).toMatchObject({ status: 200, json: { instruction: 'accept' } });
    expect(res.contentType).toMatch(/^application\/json/);
  });

  it('when the decision cannot be expressed exactly inline, then the answer is {}', async () => {
    const res = await svc.postSigned(
      svc.callback({
        taskAttributes: { flow: 'conference', to: '+14155550111' },
        workerAttributes: { contact_uri: 'client:a' },
      }),
    );
    expect(res).toMatchObject({ status: 200, json: {} });
  });

  it('when asked, then /readyz says degraded and metrics count it', async () => {
    // Its own degraded callback: this test must not rely on the ones before it.
    const count = async () =>
      Number(
        /tra_callbacks_total\{outcome="degraded"\} (\d+)/.exec(
          await (await fetch(`${svc.url}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const before = await count();
    const logged = svc.logLines.length;
    expect(
      (await svc.postSigned(svc.callback({ taskAttributes: { flow: 'accept' } }))).json,
    ).toEqual({ instruction: 'accept' });
    expect(await count()).toBe(before + 1);
    const ready = await fetch(`${svc.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'degraded', redis: 'unreachable' });
    expect(await (await fetch(`${svc.url}/metrics`)).text()).toMatch(/tra_degraded 1/);
    expect(svc.logLines.slice(logged).some((l) => l.includes('degraded mode'))).toBe(true);
  });
});
