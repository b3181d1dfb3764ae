import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  WK,
  WS,
  WT,
  clientFor,
  rejectionOf,
  reservationApi,
} from '../../support/simulator-client.js';

const AUTH = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;

describe('simulator OpenAPI conformance check', () => {
  let sim: Simulator;
  let path: string;
  beforeEach(async () => {
    sim = await startSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    path = `/v1/Workspaces/${WS}/Tasks/${WT}/Reservations/${wr.sid}`;
  });
  afterEach(async () => {
    await sim.close();
  });

  const post = (body: string, p = path, contentType = 'application/x-www-form-urlencoded') =>
    fetch(sim.url + p, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': contentType },
      body,
    });

  it('when the library sends an invalid enum value, then it is a violation answered 400 / 20001', async () => {
    const wr = sim.reservations()[0]!;
    const err = await rejectionOf(
      reservationApi(clientFor(sim), wr.sid).update({
        reservationStatus: 'accepted',
        // The library's types forbid it; a service building options from data could still send it.
        statusCallbackEvent: ['started' as 'initiated'],
      }),
    );
    expect(err).toMatchObject({ status: 400, code: 20001 });
    expect(err.message).toMatch(/StatusCallbackEvent/);
    expect(sim.violations).toMatchObject([
      {
        operation: 'UpdateTaskReservation',
        location: 'body',
        field: 'StatusCallbackEvent',
        value: 'started',
      },
    ]);
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
  });

  it.each([
    ['an unknown field', 'ReservationStatus=accepted&Acept=true', 'Acept', /unknown form field/],
    ['a misspelt enum', 'ReservationStatus=accept', 'ReservationStatus', /not one of/],
    [
      'a non-integer',
      'Instruction=dequeue&DequeueFrom=%2B1&DequeueTimeout=ten',
      'DequeueTimeout',
      /integer/,
    ],
    [
      'a boolean that is not "true"/"false"',
      'Instruction=call&CallFrom=a&CallUrl=https%3A%2F%2Fx.test&CallAccept=yes',
      'CallAccept',
      /"true" or "false"/,
    ],
    ['a relative URI', 'Instruction=call&CallFrom=a&CallUrl=%2Ftwiml', 'CallUrl', /absolute URI/],
    [
      'a malformed activity SID',
      'ReservationStatus=rejected&WorkerActivitySid=WA123',
      'WorkerActivitySid',
      /shorter than 34/,
    ],
    [
      'a scalar sent twice',
      'ReservationStatus=accepted&ReservationStatus=rejected',
      'ReservationStatus',
      /not an array/,
    ],
    [
      'a wrong method enum',
      'Instruction=conference&StatusCallbackMethod=PUT',
      'StatusCallbackMethod',
      /not one of/,
    ],
  ])(
    'when a form has %s, then the field is named in a violation',
    async (_name, body, field, message) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 20001, status: 400 });
      expect(sim.violations).toHaveLength(1);
      expect(sim.violations[0]).toMatchObject({ location: 'body', field });
      expect(sim.violations[0]?.message).toMatch(message);
      expect(sim.reservations()[0]?.status).toBe('pending');
    },
  );

  it('when the body is JSON instead of a form, then the media type is a violation', async () => {
    const res = await post('{"ReservationStatus":"accepted"}', path, 'application/json');
    expect(res.status).toBe(400);
    expect(sim.violations).toMatchObject([{ location: 'body', field: '' }]);
  });

  it('when a path SID is malformed, then the path parameter is a violation', async () => {
    const res = await post(
      'ReservationStatus=accepted',
      `/v1/Workspaces/${WS}/Tasks/WT123/Reservations/${sim.reservations()[0]!.sid}`,
    );
    expect(res.status).toBe(400);
    expect(sim.violations).toMatchObject([{ location: 'path', field: 'TaskSid' }]);
  });

  it('when a query parameter is unknown, then it is a violation', async () => {
    const res = await fetch(
      `${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}/Reservations?Status=pending`,
      {
        headers: { authorization: AUTH },
      },
    );
    expect(res.status).toBe(400);
    expect(sim.violations).toMatchObject([{ location: 'query', field: 'Status' }]);
  });

  it('when the path is not in the document, or the method is not, then it is a route violation', async () => {
    const noRoute = await post(
      'ReservationStatus=accepted',
      `/v1/Workspaces/${WS}/Reservations/${sim.reservations()[0]!.sid}`,
    );
    expect(noRoute.status).toBe(404);
    const wrongMethod = await fetch(sim.url + path, {
      method: 'DELETE',
      headers: { authorization: AUTH },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(sim.violations).toMatchObject([{ location: 'route' }, { location: 'route' }]);
  });

  it('when a request conforms but the operation is not simulated, then it is 404 without a violation', async () => {
    const res = await fetch(`${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}`, {
      headers: { authorization: AUTH },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /FetchTask .*not implemented/,
    );
    expect(sim.violations).toEqual([]);
    expect(sim.requests).toMatchObject([{ operation: 'FetchTask', status: 404, code: 20404 }]);
  });
});
