import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { newSid } from '../support/sids.js';
import { startService, type TestService } from '../support/start-service.js';

// A short Workflow timeout: without terminal handling a job would loop on fetches until this
// deadline and end `expired`; with it, the job ends `failed` long before.
const WW_SHORT = newSid('WW');
const task = { flow: 'accept' };

let svc: TestService;

beforeEach(async () => {
  svc = await startService({
    rulesPath: 'test/fixtures/rules/e2e.yaml',
    workflows: { [WW_SHORT]: { taskReservationTimeout: 6 } },
  });
});
afterEach(async () => {
  expect(svc.sim.violations).toEqual([]);
  await svc.close();
});

const requestsFor = (sid: string) =>
  svc.sim.requests.filter((r) => r.reservationSid === sid).map((r) => `${r.operation}:${r.status}`);

async function scrape(name: string): Promise<number | undefined> {
  const text = await svc.metrics.registry.metrics();
  return parsePrometheusText(text).samples.find((s) => s.name === name)?.value;
}

async function sendAndFinish(): Promise<string> {
  const params = svc.callback({ taskAttributes: task, workflowSid: WW_SHORT });
  expect((await svc.postSigned(params)).status).toBe(200);
  const sid = params.ReservationSid!;
  await svc.jobFinished(sid);
  return sid;
}

describe('terminal REST errors end the job at once', () => {
  it('when the update and any fetch are answered 404, then the record fails with 20404 and its meaning, after one request', async () => {
    svc.sim.faults.set({ kind: '404', operations: ['update', 'fetch'] });
    const sid = await sendAndFinish();
    const record = await svc.record(sid);
    expect(record).toMatchObject({ state: 'failed', reason: 'not-found' });
    expect(record?.lastError).toMatch(/^twilio:20404 \(HTTP 404\): not found/);
    const requests = requestsFor(sid);
    expect(requests.filter((r) => r.startsWith('FetchTaskReservation')).length).toBeLessThanOrEqual(
      2,
    );
    expect(requests).toEqual(['UpdateTaskReservation:404']);
  });

  it('when TaskRouter refuses the credentials (401), then every job fails at once, one error line is logged for all of them, and the gauge says so until a call succeeds', async () => {
    svc.sim.faults.set({ kind: '401' });
    const sids = [await sendAndFinish(), await sendAndFinish(), await sendAndFinish()];
    for (const sid of sids) {
      const record = await svc.record(sid);
      expect(record).toMatchObject({ state: 'failed', reason: 'credentials' });
      expect(record?.lastError).toMatch(/^twilio:20003 \(HTTP 401\): authentication failed/);
      expect(requestsFor(sid)).toEqual(['UpdateTaskReservation:401']);
    }
    const errorLines = svc.logLines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((l) => l.level >= 50);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]?.msg).toMatch(/refuses this process.s credentials/);
    expect(await scrape('tra_credentials_failing')).toBe(1);

    svc.sim.faults.clear();
    const fixed = await sendAndFinish();
    expect(await svc.record(fixed)).toMatchObject({ state: 'done' });
    expect(await scrape('tra_credentials_failing')).toBe(0);
  });

  it('when a 403 answers a fetch made to reconcile an ambiguous update, then the job fails without retrying', async () => {
    svc.sim.faults.set([
      { kind: '500', count: 1, operations: ['update'] },
      { kind: '403', operations: ['fetch'] },
    ]);
    const sid = await sendAndFinish();
    expect(await svc.record(sid)).toMatchObject({ state: 'failed', reason: 'credentials' });
    expect(requestsFor(sid)).toEqual(['UpdateTaskReservation:500', 'FetchTaskReservation:403']);
  });
});

describe('retries are counted once', () => {
  it('when an ambiguous update and its fetch both fail, then the one retry is counted once, as unconfirmed', async () => {
    svc.sim.faults.set([
      { kind: '500', count: 1, operations: ['update'] },
      { kind: '500', count: 1, operations: ['fetch'] },
    ]);
    const sid = await sendAndFinish();
    expect(await svc.record(sid)).toMatchObject({ state: 'done' });
    expect(requestsFor(sid)).toEqual([
      'UpdateTaskReservation:500',
      'FetchTaskReservation:500',
      'FetchTaskReservation:200',
      'UpdateTaskReservation:200',
    ]);
    const retries = (await svc.metrics.retries.get()).values;
    expect(retries.map((v) => [v.labels.reason, v.value])).toEqual([['unconfirmed', 1]]);
    // Every call is counted once, in the gateway: the counts match the simulator's ledger.
    const results = (await svc.metrics.restResults.get()).values
      .filter((v) => v.labels.operation === 'update' || v.labels.operation === 'fetch')
      .map(
        (v) => `${v.labels.operation}:${v.labels.status_class}:${v.labels.twilio_code}=${v.value}`,
      )
      .sort();
    expect(results).toEqual([
      'fetch:2xx:=1',
      'fetch:5xx:20500=1',
      'update:2xx:=1',
      'update:5xx:20500=1',
    ]);
    const timed = (await svc.metrics.restSeconds.get()).values.filter(
      (v) =>
        v.metricName === 'tra_rest_duration_seconds_count' &&
        (v.labels.operation === 'update' || v.labels.operation === 'fetch'),
    );
    expect(timed.map((v) => `${v.labels.operation}=${v.value}`).sort()).toEqual([
      'fetch=2',
      'update=2',
    ]);
  });
});
