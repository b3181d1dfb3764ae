import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../src/http/events-route.js';
import { adminRequest } from '../support/admin-client.js';
import { parsePrometheusText, type Sample } from '../support/prometheus-text.js';
import { startService, type TestService } from '../support/start-service.js';

const RULES = 'test/fixtures/rules/e2e.yaml';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

async function scrape(s: TestService) {
  const res = await fetch(`${s.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const value = (samples: readonly Sample[], name: string, labels: Record<string, string>) =>
  samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;

describe('GET /metrics', () => {
  it("when jobs wait in the queue, then BullMQ's job counts by state follow prom-client's metrics", async () => {
    svc = await startService({ rulesPath: RULES, worker: false });
    for (let i = 0; i < 2; i += 1) {
      await svc.postSigned(svc.callback({ taskAttributes: { flow: 'accept' } }));
    }
    const { samples, families } = await scrape(svc);
    // BullMQ 6 has no `paused` state (a paused queue keeps its jobs in `waiting`): dashboards see exactly these.
    const states = [
      'active',
      'completed',
      'delayed',
      'failed',
      'prioritized',
      'waiting',
      'waiting-children',
    ];
    const exported = samples
      .filter((s) => s.name === 'bullmq_job_count')
      .map((s) => s.labels.state);
    expect(exported.toSorted()).toEqual(states);
    for (const state of states) {
      expect(value(samples, 'bullmq_job_count', { queue: 'reservations', state }), state).toBe(
        state === 'waiting' ? 2 : 0,
      );
    }
    expect(families.get('bullmq_job_count')).toEqual({
      help: 'Number of jobs in the queue by state',
      type: 'gauge',
    });
    expect(value(samples, 'tra_callbacks_total', { outcome: 'decided' })).toBe(2);
    expect(
      value(samples, 'tra_decisions_total', {
        rule: 'async-accept',
        instruction: 'accept',
        mode: 'async',
      }),
    ).toBe(2);
  });

  it('when the worker has done the update, then the job counts as completed', async () => {
    svc = await startService({ rulesPath: RULES });
    const params = svc.callback({ taskAttributes: { flow: 'accept' } });
    await svc.postSigned(params);
    await svc.jobFinished(params.ReservationSid!);
    const { samples } = await scrape(svc);
    expect(value(samples, 'bullmq_job_count', { queue: 'reservations', state: 'completed' })).toBe(
      1,
    );
    expect(value(samples, 'bullmq_job_count', { queue: 'reservations', state: 'waiting' })).toBe(0);
    expect(
      value(samples, 'tra_reservations_finished_total', { state: 'done', reason: 'updated' }),
    ).toBe(1);
  });

  it('when scraped, then tra_rules_info is 1 for the rules version in force, the one /readyz reports', async () => {
    svc = await startService({ rulesPath: RULES, worker: false });
    const { rulesVersion } = (await (await fetch(`${svc.url}/readyz`)).json()) as {
      rulesVersion: string;
    };
    const { samples } = await scrape(svc);
    const info = samples.filter((s) => s.name === 'tra_rules_info');
    expect(info).toEqual([{ name: 'tra_rules_info', labels: { version: rulesVersion }, value: 1 }]);
  });

  it('when every kind of traffic has passed, then no label value is a SID, a phone number, a URI or a secret', async () => {
    svc = await startService({ rulesPath: RULES });
    const phone = '+14155550123';
    const contact = 'sip:agent@pbx.example.com';
    const task = (flow: string, inline = false) => ({
      flow,
      inline,
      to: phone,
      call_sid: `CA${'1'.repeat(32)}`,
    });
    const sids: string[] = [];
    svc.sim.faults.set({ kind: '503', count: 1, operations: ['update'] });
    for (const [flow, inline] of [
      ['conference', false],
      ['call', false],
      ['dequeue', true],
      ['accept', false],
      ['none', false],
    ] as const) {
      const params = svc.callback({
        taskAttributes: task(flow, inline),
        workerAttributes: { contact_uri: contact },
      });
      sids.push(params.ReservationSid!);
      await svc.postSigned(params);
    }
    await svc.postSigned({ EventType: 'reservation.accepted', ResourceSid: sids[0]! }, EVENTS_PATH);
    await svc.postSigned(
      { EventType: 'worker.activity.update', ResourceSid: `WK${'2'.repeat(32)}` },
      EVENTS_PATH,
    );
    for (const sid of sids.slice(0, 2)) {
      await svc.jobFinished(sid);
    }
    const unknown = svc.callback({
      taskAttributes: task('accept', true),
      createInSimulator: false,
    });
    await svc.postSigned(unknown);
    expect(
      (await adminRequest(svc.url, `/admin/reservations/${unknown.ReservationSid}?live=1`)).status,
    ).toBe(502);
    const { samples } = await scrape(svc);
    expect(value(samples, 'tra_retries_total', { reason: 'transient' })).toBe(1);
    expect(
      value(samples, 'tra_rest_results_total', {
        operation: 'fetch',
        status_class: '4xx',
        twilio_code: '20404',
      }),
    ).toBe(1);
    const labelValues = new Set(samples.flatMap((s) => Object.values(s.labels)));
    expect(labelValues.size).toBeGreaterThan(10);
    for (const v of labelValues) {
      expect(v).not.toMatch(/[A-Z]{2}[0-9a-fA-F]{32}/);
      if (samples.some((s) => s.labels.version === v)) {
        continue; // the rules version: a content hash
      }
      expect(v).not.toMatch(/\+?\d{7,}/);
      expect(v).not.toMatch(/^(sip|client|https?):/);
      expect(v).not.toMatch(/@/);
    }
  });
});
