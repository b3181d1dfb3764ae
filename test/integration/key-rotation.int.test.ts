import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createInfrastructure } from '../../src/compose/create-infrastructure.js';
import { createWorkerProcess } from '../../src/compose/create-worker-process.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { createMetrics } from '../../src/shared/create-metrics.js';
import { createLogger } from '../../src/shared/logger.js';
import { signForm } from '../support/sign-callback.js';
import {
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  startService,
  type TestService,
} from '../support/start-service.js';

const RULES = 'test/fixtures/rules/e2e.yaml';
const API_KEY = { sid: `SK${'5'.repeat(32)}`, secret: 'integration-api-secret' };
const NEW_TOKEN = 'rotated-auth-token-0123456789abcd';
const KEY_1 = 'a'.repeat(43);
const KEY_2 = 'b'.repeat(43);
const conference = {
  taskAttributes: { flow: 'conference', to: '+14155550111' },
  workerAttributes: { contact_uri: 'client:alice' },
};

let svc: TestService;
let stopWorker: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
  await svc.close();
});

/** The test service's configuration with other credentials or keys: a process deployed later. */
function configWith(env: Record<string, string>): Config {
  const c = svc.config;
  return loadConfig({
    TWILIO_ACCOUNT_SID: c.twilio.accountSid,
    TWILIO_API_KEY: API_KEY.sid,
    TWILIO_API_SECRET: API_KEY.secret,
    PUBLIC_BASE_URL: c.publicBaseUrl,
    TASKROUTER_BASE_URL: c.twilio.taskrouterBaseUrl,
    REDIS_URL: c.redis.url,
    REDIS_PREFIX: c.redis.prefix,
    RETRY_BASE_MS: '20',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** Starts a worker on `config`, as a redeployed worker process would be. */
function startWorker(config: Config): void {
  const log = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const metrics = createMetrics();
  const infra = createInfrastructure({ config, metrics, log, now: Date.now });
  const worker = createWorkerProcess({ config, infra, metrics, log });
  stopWorker = async () => {
    for (const step of [...worker.shutdownSteps, infra.close]) {
      await step.run();
    }
  };
}

async function enqueueConference(): Promise<string> {
  const params = svc.callback(conference);
  expect((await svc.postSigned(params)).status).toBe(200);
  return params.ReservationSid as string;
}

describe('keys apart from tokens (issue 10, row 7)', () => {
  it('when the auth token rotates with a job in flight, then the worker holding the old token as secondary opens its params and updates the reservation', async () => {
    svc = await startService({ rulesPath: RULES, worker: false, apiKey: API_KEY });
    const sid = await enqueueConference();
    startWorker(
      configWith({ TWILIO_AUTH_TOKEN: NEW_TOKEN, TWILIO_AUTH_TOKEN_SECONDARY: AUTH_TOKEN }),
    );
    await svc.jobFinished(sid);
    expect(await svc.record(sid)).toMatchObject({ state: 'done' });
    expect(svc.sim.reservation(sid)?.status).toBe('accepted');
  });

  it('when upgrading to SEALING_KEYS with jobs sealed by the token-derived key, then `<key>,legacy-auth-token` opens them', async () => {
    svc = await startService({ rulesPath: RULES, worker: false, apiKey: API_KEY });
    const sid = await enqueueConference();
    startWorker(
      configWith({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, SEALING_KEYS: `${KEY_1},legacy-auth-token` }),
    );
    await svc.jobFinished(sid);
    expect(await svc.record(sid)).toMatchObject({ state: 'done' });
  });

  it('when the sealing key rotates, then a job sealed with the old key is opened by a worker listing both', async () => {
    svc = await startService({
      rulesPath: RULES,
      worker: false,
      apiKey: API_KEY,
      env: { SEALING_KEYS: KEY_1 },
    });
    const sid = await enqueueConference();
    startWorker(configWith({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, SEALING_KEYS: `${KEY_2},${KEY_1}` }));
    await svc.jobFinished(sid);
    expect(await svc.record(sid)).toMatchObject({ state: 'done' });
  });

  it('when TWILIO_AUTH_TOKEN_SECONDARY is set, then callbacks signed with either token are accepted and others refused', async () => {
    svc = await startService({
      rulesPath: RULES,
      worker: false,
      env: { TWILIO_AUTH_TOKEN: NEW_TOKEN, TWILIO_AUTH_TOKEN_SECONDARY: AUTH_TOKEN },
    });
    const send = (token: string) => {
      const { body, signature } = signForm(
        token,
        PUBLIC_BASE_URL + ASSIGNMENT_PATH,
        svc.callback({ taskAttributes: { flow: 'accept', inline: true } }),
      );
      return svc.post(ASSIGNMENT_PATH, body, {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      });
    };
    expect((await send(NEW_TOKEN)).status).toBe(200);
    expect((await send(AUTH_TOKEN)).status).toBe(200);
    expect(await send('some-other-token-entirely')).toMatchObject({
      status: 403,
      json: { error: 'ERR_SIGNATURE_INVALID' },
    });
  });
});
