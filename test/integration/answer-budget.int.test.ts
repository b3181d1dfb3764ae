import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebProcess } from '../../src/compose/create-web-process.js';
import { createInfrastructure } from '../../src/compose/create-infrastructure.js';
import { loadConfig } from '../../src/config/env.js';
import { loadRules } from '../../src/config/load-rules.js';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { EVENTS_PATH } from '../../src/http/events-route.js';
import { createRulesSource } from '../../src/rules/rules-in-force.js';
import { createMetrics } from '../../src/shared/create-metrics.js';
import { createLogger } from '../../src/shared/logger.js';
import { shutdownWithin } from '../../src/shared/shutdown-within.js';
import { startSimulator } from '../../src/simulator/start-simulator.js';
import { freePort, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { signForm } from '../support/sign-callback.js';
import { newSid } from '../support/sids.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  startService,
  WS,
  type TestService,
} from '../support/start-service.js';
import { reservationEventForm } from '../support/reservation-event.js';

/** Small, so a wait on Redis (2 s command timeout) or on BullMQ's first `ready` (forever) shows. */
const BUDGET_MS = 300;
/**
 * Room for a loaded 2-core machine, kept so that budget + slack stays below the 2 s a single
 * Redis command timeout takes: an answer that waited for one still fails.
 */
const SLACK_MS = 1500;
const RULES = 'test/fixtures/rules/e2e.yaml';

/** POSTs signed bytes and times the answer; gives up (and fails) after budget + slack. */
async function postTimed(url: string, path: string, params: Record<string, string>) {
  const { body, signature } = signForm(AUTH_TOKEN, PUBLIC_BASE_URL + path, params);
  const started = performance.now();
  const res = await fetch(url + path, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    },
    signal: AbortSignal.timeout(BUDGET_MS + SLACK_MS),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as unknown) : null,
    ms: performance.now() - started,
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Each step runs even if one before it failed: a frozen redis-server must never outlive the test.
  for (const step of cleanups.splice(0).reverse()) {
    await step().catch(() => undefined);
  }
});

describe('answer budget: web process started while Redis is unreachable', () => {
  /** The web process alone, on a port where nothing listens, as `node dist/server.js` would be. */
  async function startWebWithoutRedis() {
    const sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      workflows: {},
    });
    cleanups.push(() => sim.close());
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      PUBLIC_BASE_URL,
      TASKROUTER_BASE_URL: sim.url,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      RULES_PATH: RULES,
      CALLBACK_BUDGET_MS: String(BUDGET_MS),
    });
    const logLines: string[] = [];
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, cb) {
          logLines.push(chunk.toString('utf8'));
          cb();
        },
      }),
    });
    const metrics = createMetrics();
    const infra = createInfrastructure({ config, metrics, log, now: Date.now });
    const web = createWebProcess({
      config,
      infra,
      rules: createRulesSource(loadRules(RULES).ruleSet),
      metrics,
      log,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = web.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await shutdownWithin(2000, [...web.shutdownSteps, infra.close], log, Date.now);
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const callback = (task: Record<string, unknown>) => ({
      AccountSid: ACCOUNT_SID,
      WorkspaceSid: WS,
      WorkflowSid: newSid('WW'),
      TaskQueueSid: newSid('WQ'),
      WorkerSid: newSid('WK'),
      WorkerAttributes: '{}',
      TaskSid: newSid('WT'),
      TaskAttributes: JSON.stringify(task),
      TaskAge: '3',
      TaskPriority: '0',
      ReservationSid: newSid('WR'),
      Timestamp: String(Math.floor(Date.now() / 1000)),
    });
    return { url, callback, logLines };
  }

  it('when an async rule decides, then the degraded answer (the exact inline instruction) comes within the budget', async () => {
    const web = await startWebWithoutRedis();
    const res = await postTimed(web.url, ASSIGNMENT_PATH, web.callback({ flow: 'accept' }));
    expect(res).toMatchObject({ status: 200, json: { instruction: 'accept' } });
    expect(res.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(web.logLines.some((l) => l.includes('degraded mode'))).toBe(true);
  });

  it('when the async decision cannot be expressed inline exactly, then {} comes within the budget', async () => {
    const web = await startWebWithoutRedis();
    const res = await postTimed(
      web.url,
      ASSIGNMENT_PATH,
      web.callback({ flow: 'conference', to: '+14155550111' }),
    );
    expect(res).toMatchObject({ status: 200, json: {} });
    expect(res.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
  });

  it('when a reservation event arrives, then it is answered 204 within the budget and the lost write is logged', async () => {
    const web = await startWebWithoutRedis();
    const res = await postTimed(
      web.url,
      EVENTS_PATH,
      reservationEventForm('reservation.accepted', newSid('WR')),
    );
    expect(res.status).toBe(204);
    expect(res.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(web.logLines.some((l) => l.includes('reservation event not recorded'))).toBe(true);
  });
});

describe('answer budget: Redis frozen (SIGSTOP: connections open, nothing answers)', () => {
  let redis: RedisServer;
  let svc: TestService;

  async function startFrozen() {
    redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    svc = await startService({
      rulesPath: RULES,
      worker: false,
      redisUrl: redis.url,
      env: { CALLBACK_BUDGET_MS: String(BUDGET_MS) },
    });
    cleanups.push(() => svc.close());
    process.kill(redis.pid as number, 'SIGSTOP');
    // Thawed before the service closes (cleanups run in reverse order).
    cleanups.push(() => Promise.resolve(void process.kill(redis.pid as number, 'SIGCONT')));
  }

  // A Workflow the rules do not name and nobody has looked up: its timeout lookup waits on Redis too.
  const unknownWorkflow = () => ({ workflowSid: newSid('WW') });

  it('when an inline rule decides, then its instruction is answered within the budget', async () => {
    await startFrozen();
    const params = svc.callback({
      taskAttributes: { flow: 'accept', inline: true },
      ...unknownWorkflow(),
    });
    const res = await postTimed(svc.url, ASSIGNMENT_PATH, params);
    expect(res).toMatchObject({ status: 200, json: { instruction: 'accept' } });
    expect(res.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
  });

  it('when async rules decide, then the degraded answers come within the budget', async () => {
    await startFrozen();
    const accept = await postTimed(
      svc.url,
      ASSIGNMENT_PATH,
      svc.callback({ taskAttributes: { flow: 'accept' }, ...unknownWorkflow() }),
    );
    expect(accept).toMatchObject({ status: 200, json: { instruction: 'accept' } });
    expect(accept.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    const conference = await postTimed(
      svc.url,
      ASSIGNMENT_PATH,
      svc.callback({
        taskAttributes: { flow: 'conference', to: '+14155550111' },
        ...unknownWorkflow(),
      }),
    );
    expect(conference).toMatchObject({ status: 200, json: {} });
    expect(conference.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
  });

  it('when a reservation event arrives, then it is answered 204 within the budget', async () => {
    await startFrozen();
    const res = await postTimed(
      svc.url,
      EVENTS_PATH,
      reservationEventForm('reservation.canceled', newSid('WR')),
    );
    expect(res.status).toBe(204);
    expect(res.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
  });
});
