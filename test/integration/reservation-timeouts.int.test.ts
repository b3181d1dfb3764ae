import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { RulesInForce } from '../../src/rules/rules-in-force.js';
import { startSimulator, type Simulator } from '../../src/simulator/start-simulator.js';
import { createTaskRouterGateway } from '../../src/taskrouter/create-taskrouter-gateway.js';
import { createReservationTimeouts } from '../../src/assignment/create-reservation-timeouts.js';
import { newSid } from '../support/sids.js';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const TOKEN = 'timeouts-test-token';
const WS = newSid('WS');
const KNOWN = newSid('WW');
const CONFIGURED = newSid('WW');

let redis: Redis;
let sim: Simulator;
let prefix: string;

const rules = {
  version: 'v',
  defaults: { mode: 'async', reservationTimeout: 120, onNoMatch: 'leave' },
  workflows: { [CONFIGURED]: { reservationTimeout: 15 } },
  rules: [],
  decide: () => {
    throw new Error('unused');
  },
} satisfies RulesInForce;

beforeAll(async () => {
  redis = new Redis(inject('redisUrl'));
  sim = await startSimulator({
    accountSid: ACCOUNT,
    authToken: TOKEN,
    workflows: { [KNOWN]: { taskReservationTimeout: 45 } },
  });
});
afterAll(async () => {
  await redis.quit();
  await sim.close();
});
beforeEach(() => {
  prefix = `{test-${randomUUID()}}`;
});

const fetches = () => sim.requests.filter((r) => r.operation === 'FetchWorkflow').length;

function resolver() {
  return createReservationTimeouts({
    redis,
    keyPrefix: prefix,
    gateway: createTaskRouterGateway({ accountSid: ACCOUNT, authToken: TOKEN, baseUrl: sim.url }),
    ttlSeconds: 600,
    log: pino({ level: 'silent' }),
  });
}

describe('reservation timeouts per Workflow', () => {
  it('when the rules set a Workflow timeout, then it is used and TaskRouter is not asked', async () => {
    const before = fetches();
    expect(await resolver().resolve(WS, CONFIGURED, rules)).toBe(15);
    expect(fetches()).toBe(before);
  });

  it('when the rules are silent, then the Workflow is fetched once and cached in Redis for every process', async () => {
    const before = fetches();
    const [a, b] = await Promise.all([
      resolver().resolve(WS, KNOWN, rules),
      resolver().resolve(WS, KNOWN, rules),
    ]);
    expect([a, b]).toEqual([45, 45]);
    expect(await resolver().resolve(WS, KNOWN, rules)).toBe(45);
    // Two fresh resolvers raced on an empty cache; after that, Redis answers.
    expect(fetches() - before).toBeLessThanOrEqual(2);
    expect(await redis.ttl(`${prefix}:workflow-timeout:${KNOWN}`)).toBeGreaterThan(500);
  });

  it('when the fetch fails, then the default applies and the failure is remembered briefly', async () => {
    const unknown = newSid('WW');
    expect(await resolver().resolve(WS, unknown, rules)).toBe(120);
    const before = fetches();
    expect(await resolver().resolve(WS, unknown, rules)).toBe(120);
    expect(fetches()).toBe(before);
  });
});
