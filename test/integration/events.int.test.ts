import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../src/http/events-route.js';
import { signForm } from '../support/sign-callback.js';
import { newSid } from '../support/sids.js';
import {
  ACCOUNT_SID,
  PUBLIC_BASE_URL,
  startService,
  WS,
  type TestService,
} from '../support/start-service.js';
import { reservationEventForm } from '../support/reservation-event.js';

let svc: TestService;

beforeEach(async () => {
  svc = await startService({ rulesPath: 'test/fixtures/rules/e2e.yaml' });
});
afterEach(async () => {
  await svc.close();
});

async function metric(name: string): Promise<string> {
  const text = await (await fetch(`${svc.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .join('\n');
}

describe('POST /taskrouter/events', () => {
  it.each(['reservation.canceled', 'reservation.rescinded', 'reservation.timeout'])(
    'when %s arrives while the update is still held back, then the job is dropped and no REST call is made',
    async (type) => {
      const params = svc.callback({ taskAttributes: { flow: 'delayed' } });
      expect((await svc.postSigned(params)).status).toBe(200);
      expect(await svc.queue.getJob(params.ReservationSid!)).toBeDefined();

      const res = await svc.postSigned(
        reservationEventForm(type, params.ReservationSid!, params.TaskSid),
        EVENTS_PATH,
      );
      expect(res.status).toBe(204);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(await svc.queue.getJob(params.ReservationSid!)).toBeUndefined();
      expect(await svc.record(params.ReservationSid!)).toMatchObject({
        state: 'skipped',
        reason: 'event',
        reservationStatus: type.split('.')[1],
        lastEvent: type,
      });
      expect(svc.sim.requests.filter((r) => r.reservationSid === params.ReservationSid)).toEqual(
        [],
      );
    },
  );

  it("when reservation.accepted follows the service's own update, then the record keeps done and notes the status", async () => {
    const params = svc.callback({ taskAttributes: { flow: 'accept' } });
    await svc.postSigned(params);
    await svc.jobFinished(params.ReservationSid!);
    expect(
      (
        await svc.postSigned(
          reservationEventForm('reservation.accepted', params.ReservationSid!, params.TaskSid),
          EVENTS_PATH,
        )
      ).status,
    ).toBe(204);
    expect(await svc.record(params.ReservationSid!)).toMatchObject({
      state: 'done',
      reservationStatus: 'accepted',
      lastEvent: 'reservation.accepted',
    });
  });

  it('when an event names a reservation this service never saw, then it is counted and dropped with 204', async () => {
    const res = await svc.postSigned(
      reservationEventForm('reservation.canceled', newSid('WR'), newSid('WT')),
      EVENTS_PATH,
    );
    expect(res.status).toBe(204);
    expect(await metric('tra_events_total')).toContain(
      'tra_events_total{type="reservation.canceled",known="false"} 1',
    );
  });

  it('when an event of another kind arrives, then it is answered 204 and counted as other', async () => {
    const res = await svc.postSigned(
      {
        EventType: 'worker.activity.update',
        AccountSid: ACCOUNT_SID,
        WorkspaceSid: WS,
        ResourceSid: newSid('WK'),
      },
      EVENTS_PATH,
    );
    expect(res.status).toBe(204);
    expect(await metric('tra_events_total')).toContain('type="other"');
  });

  it('when an event is not signed by TaskRouter, then it is refused and changes nothing', async () => {
    const params = svc.callback({ taskAttributes: { flow: 'delayed' } });
    await svc.postSigned(params);
    const { body, signature } = signForm(
      'wrong-token',
      PUBLIC_BASE_URL + EVENTS_PATH,
      reservationEventForm('reservation.canceled', params.ReservationSid!, params.TaskSid),
    );
    const res = await svc.post(EVENTS_PATH, body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    });
    expect(res.status).toBe(403);
    expect((await svc.record(params.ReservationSid!))?.state).toBe('decided');
    expect(await svc.queue.getJob(params.ReservationSid!)).toBeDefined();
  });
});
