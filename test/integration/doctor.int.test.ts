import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/cli/doctor/check-result.js';
import { createDoctorCommand } from '../../src/cli/doctor/command.js';
import { DEFAULT_DOCTOR_DEPS, type DoctorDeps } from '../../src/cli/doctor/run-doctor.js';
import { REQUIRED_EVENTS } from '../../src/cli/shared/callback-targets.js';
import { startSimulator, type Simulator } from '../../src/simulator/start-simulator.js';
import { captureIo } from '../support/capture-io.js';
import { freePort, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { newSid } from '../support/sids.js';
import { ACCOUNT_SID, AUTH_TOKEN, WS } from '../support/simulator-client.js';

const PUBLIC = 'https://assigner.example.com';
const WW1 = newSid('WW');

describe('doctor against the simulator and a real redis-server', () => {
  let sim: Simulator;
  let goodRedis: RedisServer;
  let badRedis: RedisServer;
  let dir: string;
  let rulesPath: string;

  beforeAll(async () => {
    [goodRedis, badRedis] = await Promise.all([
      startRedisServer({ aof: true }),
      startRedisServer({ extraArgs: ['--maxmemory-policy', 'allkeys-lru'] }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'tra-doctor-'));
    rulesPath = join(dir, 'rules.yaml');
    writeFileSync(
      rulesPath,
      'version: 1\nrules:\n  - name: everything\n    instruction: accept\ntests:\n  - name: any\n    expect: { rule: everything }\n',
    );
  });
  afterAll(async () => {
    await Promise.all([goodRedis?.stop(), badRedis?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      workflows: {
        [WW1]: {
          taskReservationTimeout: 120,
          friendlyName: 'sales',
          assignmentCallbackUrl: `${PUBLIC}/taskrouter/assignment`,
        },
      },
      eventCallbackUrl: `${PUBLIC}/taskrouter/events`,
    });
  });
  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  const doctor = async (
    over: Record<string, string> = {},
    deps: Partial<DoctorDeps> = {},
    argv: string[] = ['--json'],
  ) => {
    const cap = captureIo({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TASKROUTER_BASE_URL: sim.url,
      PUBLIC_BASE_URL: PUBLIC,
      REDIS_URL: goodRedis.url,
      RULES_PATH: rulesPath,
      ...over,
    });
    const code = await createDoctorCommand(cap.io, { ...DEFAULT_DOCTOR_DEPS, ...deps })([
      '--workspace',
      WS,
      ...argv,
    ]);
    const out = cap.stdout();
    const checks = argv.includes('--json')
      ? (JSON.parse(out) as { ok: boolean; checks: CheckResult[] }).checks
      : [];
    const failed = checks.filter((c) => c.status === 'fail').map((c) => c.name);
    return { code, out, checks, failed, stderr: cap.stderr() };
  };

  it('when everything is in order, then every check passes, exit 0', async () => {
    const r = await doctor({}, { somaxconn: () => 4096 });
    expect(r.failed).toEqual([]);
    expect(r.checks.map((c) => c.status)).toEqual(r.checks.map(() => 'ok'));
    expect(r.checks.map((c) => c.name)).toEqual([
      'PUBLIC_BASE_URL',
      'listen backlog (HTTP_LISTEN_BACKLOG)',
      'credentials work (the Workspace can be fetched)',
      `Workspace ${WS} events go here`,
      `Workspace ${WS} events filter`,
      `Workflow ${WW1} (sales) callbacks go here`,
      `Workflow ${WW1} TaskReservationTimeout`,
      'clock agrees with TaskRouter',
      'Redis reachable',
      'Redis version',
      'Redis maxmemory-policy',
      'Redis persistence',
      'Redis round trip',
      'rules load and their tests pass',
    ]);
    expect(r.code).toBe(0);
  });

  it('when the token is wrong, then the credentials check fails with what to do and TaskRouter checks are skipped, exit 1', async () => {
    const r = await doctor({ TWILIO_AUTH_TOKEN: 'wrong-token' });
    expect(r.code).toBe(1);
    expect(r.failed).toEqual(['credentials work (the Workspace can be fetched)']);
    expect(r.checks.find((c) => c.status === 'fail')?.fix).toMatch(/TWILIO_AUTH_TOKEN/);
    expect(r.checks.filter((c) => c.status === 'skip')).toHaveLength(4);
    expect(r.out).not.toContain('wrong-token');
  });

  it('when a Workflow sends its callbacks elsewhere, then that line fails with the connect command to run', async () => {
    sim.setWorkflow(WW1, {
      taskReservationTimeout: 120,
      friendlyName: 'sales',
      assignmentCallbackUrl: 'https://old.example.com/cb',
    });
    const r = await doctor();
    expect(r.failed).toEqual([`Workflow ${WW1} (sales) callbacks go here`]);
    expect(r.checks.find((c) => c.status === 'fail')?.fix).toBe(
      `run \`taskrouter-assigner connect --workspace ${WS} --workflow ${WW1} --apply\``,
    );
    expect(r.code).toBe(1);
  });

  it('when the events go elsewhere and the filter leaves events out, then both lines fail', async () => {
    sim.setWorkspace({
      friendlyName: 'ws',
      eventCallbackUrl: 'https://old.example.com/ev',
      eventsFilter: 'reservation.accepted,task.created',
    });
    const r = await doctor();
    expect(r.failed).toEqual([`Workspace ${WS} events go here`, `Workspace ${WS} events filter`]);
    const filter = r.checks.find((c) => c.name === `Workspace ${WS} events filter`);
    expect(filter?.detail).toContain(
      REQUIRED_EVENTS.filter((e) => e !== 'reservation.accepted').join(', '),
    );
  });

  it("when a Workflow's TaskReservationTimeout is shorter than margin and retries need, then that line fails", async () => {
    sim.setWorkflow(WW1, {
      taskReservationTimeout: 5,
      friendlyName: 'sales',
      assignmentCallbackUrl: `${PUBLIC}/taskrouter/assignment`,
    });
    const r = await doctor({
      HTTP_TIMEOUT_MS: '2000',
      DEADLINE_MARGIN_MS: '1000',
      RETRY_BASE_MS: '200',
    });
    expect(r.failed).toEqual([`Workflow ${WW1} TaskReservationTimeout`]);
    expect(r.checks.find((c) => c.status === 'fail')?.detail).toMatch(
      /5 s leaves no room .* = 5\.2 s/,
    );
  });

  it('when Redis evicts keys and has no AOF, then both lines fail with the setting to change', async () => {
    const r = await doctor({ REDIS_URL: badRedis.url });
    expect(r.failed).toEqual(['Redis maxmemory-policy', 'Redis persistence']);
    expect(r.checks.find((c) => c.name === 'Redis maxmemory-policy')?.detail).toMatch(
      /^allkeys-lru/,
    );
  });

  it('when Redis cannot be reached, then that fails and the other Redis lines are skipped', async () => {
    const r = await doctor({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(r.failed).toEqual(['Redis reachable']);
    expect(r.checks.filter((c) => c.name.startsWith('Redis') && c.status === 'skip')).toHaveLength(
      4,
    );
  });

  it('when the Redis round trip is over the budget, then that line fails', async () => {
    const r = await doctor({}, { redisRoundTripBudgetMs: 0 });
    expect(r.failed).toEqual(['Redis round trip']);
  });

  it('when the rules do not load, then that line fails and says which command shows why', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nrules:\n  - name: x\n    instruction: acept\n');
    const r = await doctor({ RULES_PATH: bad });
    expect(r.failed).toEqual(['rules load and their tests pass']);
    expect(r.checks.find((c) => c.status === 'fail')?.fix).toBe(
      `run \`taskrouter-assigner rules check ${bad}\` and fix what it prints`,
    );
  });

  it("when the local clock is off from TaskRouter's Date header by more than the budget, then that line fails", async () => {
    const r = await doctor({}, { now: () => Date.now() + 120_000, clockSkewBudgetMs: 5000 });
    expect(r.failed).toEqual(['clock agrees with TaskRouter']);
    expect(r.checks.find((c) => c.status === 'fail')?.detail).toMatch(/ahead of TaskRouter/);
  });

  it('when PUBLIC_BASE_URL is http on a public host, then that line fails', async () => {
    const r = await doctor({ PUBLIC_BASE_URL: 'http://assigner.example.com' });
    expect(r.failed).toContain('PUBLIC_BASE_URL');
  });

  it('when the configuration does not load, then that is the one failed line, exit 1', async () => {
    const r = await doctor({ TWILIO_AUTH_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(r.failed).toEqual(['configuration loads']);
    expect(sim.requests).toEqual([]);
  });

  it('when run without --json, then it prints a checklist with a fix under each failure', async () => {
    sim.setWorkflow(WW1, { taskReservationTimeout: 120, friendlyName: 'sales' });
    const r = await doctor({}, {}, []);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^\[ok {2}\] PUBLIC_BASE_URL: /);
    expect(r.out).toMatch(
      /\[FAIL\] Workflow WW\w+ \(sales\) callbacks go here: AssignmentCallbackUrl is \(unset\)/,
    );
    expect(r.out).toMatch(/\n {7}fix: run `taskrouter-assigner connect/);
    expect(r.out).toMatch(/1 check\(s\) failed\.\n$/);
  });

  it('when --workspace is missing, then it is a usage error, exit 2', async () => {
    const cap = captureIo({});
    expect(await createDoctorCommand(cap.io)([])).toBe(2);
    expect(cap.stderr()).toMatch(/--workspace WS… is required/);
  });
});
