import twilio from 'twilio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  WK,
  WS,
  WT,
  WW,
  clientFor,
  rejectionOf,
  reservationApi,
} from '../../support/simulator-client.js';

describe('simulator REST basics', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiKey: `SK${'9'.repeat(32)}`,
      apiSecret: 'key-secret',
      workflows: { [WW]: { taskReservationTimeout: 45 } },
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('when a reservation is fetched, then the library gets the resource in its OpenAPI shape', async () => {
    const wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workerName: 'Alice',
    });
    const got = await reservationApi(clientFor(sim), wr.sid).fetch();
    expect(got).toMatchObject({
      accountSid: ACCOUNT_SID,
      sid: wr.sid,
      taskSid: WT,
      workerSid: WK,
      workerName: 'Alice',
      workspaceSid: WS,
      reservationStatus: 'pending',
      url: `${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}/Reservations/${wr.sid}`,
    });
    expect(got.dateCreated).toBeInstanceOf(Date);
    expect(got.links).toMatchObject({ task: `${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}` });
    expect(sim.requests).toMatchObject([
      { method: 'GET', operation: 'FetchTaskReservation', status: 200, reservationSid: wr.sid },
    ]);
    expect(sim.requests[0]?.headers).not.toHaveProperty('authorization');
    expect(sim.violations).toEqual([]);
  });

  it('when the worker-scoped path is used, then fetch and update work on the same reservation', async () => {
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const api = clientFor(sim).taskrouter.v1.workspaces(WS).workers(WK).reservations(wr.sid);
    expect((await api.fetch()).url).toBe(
      `${sim.url}/v1/Workspaces/${WS}/Workers/${WK}/Reservations/${wr.sid}`,
    );
    await api.update({ reservationStatus: 'accepted' });
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
    expect(sim.violations).toEqual([]);
  });

  it('when reservations are listed with filters, then only the matching ones come back in the list envelope', async () => {
    const other = `WK${'7'.repeat(32)}`;
    const a = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const b = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: other });
    sim.createReservation({ workspaceSid: WS, taskSid: `WT${'8'.repeat(32)}`, workerSid: WK });
    sim.setReservationStatus(b.sid, 'rejected');
    const list = clientFor(sim).taskrouter.v1.workspaces(WS).tasks(WT).reservations;

    expect((await list.list()).map((r) => r.sid)).toEqual([a.sid, b.sid]);
    expect((await list.list({ reservationStatus: 'rejected' })).map((r) => r.sid)).toEqual([b.sid]);
    expect((await list.list({ workerSid: WK, limit: 20 })).map((r) => r.sid)).toEqual([a.sid]);
    expect(sim.requests.at(-1)?.query).toEqual({ WorkerSid: WK, PageSize: '20' });
    expect(sim.violations).toEqual([]);
  });

  it("when a worker's reservations are listed, then they come from every task of that worker", async () => {
    const a = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const b = sim.createReservation({
      workspaceSid: WS,
      taskSid: `WT${'8'.repeat(32)}`,
      workerSid: WK,
    });
    sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: `WK${'7'.repeat(32)}` });
    sim.setReservationStatus(b.sid, 'accepted');
    const list = clientFor(sim).taskrouter.v1.workspaces(WS).workers(WK).reservations;
    expect((await list.list()).map((r) => r.sid)).toEqual([a.sid, b.sid]);
    expect((await list.list({ reservationStatus: 'accepted' })).map((r) => r.sid)).toEqual([b.sid]);
    expect(sim.violations).toEqual([]);
  });

  it('when the list is asked for a Page, then the request is recorded as a violation', async () => {
    const res = await fetch(`${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}/Reservations?Page=1`, {
      headers: { authorization: basic(ACCOUNT_SID, AUTH_TOKEN) },
    });
    expect(res.status).toBe(400);
    expect(sim.violations).toMatchObject([
      { location: 'query', field: 'Page', operation: 'ListTaskReservation' },
    ]);
  });

  it('when the workflow is fetched, then task_reservation_timeout is the configured one', async () => {
    const wf = await clientFor(sim).taskrouter.v1.workspaces(WS).workflows(WW).fetch();
    expect(wf.taskReservationTimeout).toBe(45);
    expect(wf.sid).toBe(WW);
    const unknown = await rejectionOf(
      clientFor(sim)
        .taskrouter.v1.workspaces(WS)
        .workflows(`WW${'0'.repeat(32)}`)
        .fetch(),
    );
    expect(unknown).toMatchObject({ status: 404, code: 20404 });
  });

  it('when the reservation is unknown or under another task, then the answer is 404 / 20404', async () => {
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const missing = await rejectionOf(
      reservationApi(clientFor(sim), `WR${'f'.repeat(32)}`).fetch(),
    );
    expect(missing).toBeInstanceOf(twilio.RestException);
    expect(missing).toMatchObject({ status: 404, code: 20404 });
    const elsewhere = await rejectionOf(
      reservationApi(clientFor(sim), wr.sid, `WT${'8'.repeat(32)}`).fetch(),
    );
    expect(elsewhere).toMatchObject({ status: 404, code: 20404 });
  });

  it('when the credentials are wrong, then the answer is 401 / 20003 and nothing changes', async () => {
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const err = await rejectionOf(
      reservationApi(clientFor(sim, { authToken: 'wrong' }), wr.sid).update({
        reservationStatus: 'accepted',
      }),
    );
    expect(err).toMatchObject({ status: 401, code: 20003 });
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
  });

  it('when an API key and secret are used, then they authenticate too', async () => {
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const client = twilio(`SK${'9'.repeat(32)}`, 'key-secret', { accountSid: ACCOUNT_SID });
    client.taskrouter.baseUrl = sim.url;
    await client.taskrouter.v1
      .workspaces(WS)
      .tasks(WT)
      .reservations(wr.sid)
      .update({ reservationStatus: 'accepted' });
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
  });

  it('when If-Match carries a stale ETag, then the update is refused with 412 and not applied', async () => {
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const api = reservationApi(clientFor(sim), wr.sid);
    const fetched = await api.fetchWithHttpInfo();
    const etag = fetched.headers.etag as string;
    expect(etag).toBe(wr.etag);
    sim.setReservationStatus(wr.sid, 'pending'); // any change bumps the ETag
    const err = await rejectionOf(api.update({ reservationStatus: 'accepted', ifMatch: etag }));
    expect(err).toMatchObject({ status: 412, code: 20412 });
    expect(sim.reservation(wr.sid)?.status).toBe('pending');

    const fresh = sim.reservation(wr.sid)?.etag ?? '';
    await api.update({ reservationStatus: 'accepted', ifMatch: fresh });
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
    expect(sim.requests.at(-1)?.headers['if-match']).toBe(fresh);
    expect(sim.violations).toEqual([]);
  });

  it('when auto-creation is on, then an unknown reservation is made pending on first touch', async () => {
    await sim.close();
    sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      autoCreateReservations: true,
    });
    const sid = `WR${'c'.repeat(32)}`;
    await reservationApi(clientFor(sim), sid).update({ reservationStatus: 'accepted' });
    expect(sim.reservation(sid)).toMatchObject({
      status: 'accepted',
      workspaceSid: WS,
      taskSid: WT,
    });
    expect(sim.updatesFor(sid)).toHaveLength(1);
  });
});

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}
