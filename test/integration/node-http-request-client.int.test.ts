import { createServer as createTcpServer, connect, type AddressInfo, type Server } from 'node:net';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/start-simulator.js';
import { classifyFailure } from '../../src/taskrouter/classify-failure.js';
import { createDeadlineHttpClient } from '../../src/taskrouter/create-deadline-http-client.js';
import { createTaskRouterGateway } from '../../src/taskrouter/create-taskrouter-gateway.js';
import type { TaskRouterGateway } from '../../src/taskrouter/types.js';
import { newSid } from '../support/sids.js';

// The worker's twilio library sends through a node:http RequestClient instead of its axios: these
// are real library calls (update, fetch, list) against the simulator, which checks each request
// against the OpenAPI document, and the failures the worker's classification must still read.
const ACCOUNT = `AC${'c'.repeat(32)}`;
const TOKEN = 'node-http-client-test-token';
const WS = newSid('WS');

let sim: Simulator;
let gateway: TaskRouterGateway;

beforeAll(async () => {
  sim = await startSimulator({ accountSid: ACCOUNT, authToken: TOKEN });
  gateway = createTaskRouterGateway({ accountSid: ACCOUNT, authToken: TOKEN, baseUrl: sim.url });
});
afterEach(() => {
  expect(sim.violations).toEqual([]);
  sim.faults.clear();
});
afterAll(async () => {
  await sim.close();
});

function pending() {
  const r = sim.createReservation({
    workspaceSid: WS,
    taskSid: newSid('WT'),
    workerSid: newSid('WK'),
  });
  return { workspaceSid: WS, taskSid: r.taskSid, reservationSid: r.sid };
}

async function failureOf(call: Promise<unknown>) {
  const err = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  return { err: err as Record<string, unknown>, failure: classifyFailure(err) };
}

describe('the node:http request client under the twilio library', () => {
  it('when a pending reservation is updated, fetched and listed, then each call is valid and answered as the library parses it', async () => {
    const ref = pending();
    const updated = await gateway.updateReservation(
      ref,
      { kind: 'accept', params: {} },
      { timeoutMs: 2000 },
    );
    expect(updated).toMatchObject({
      sid: ref.reservationSid,
      taskSid: ref.taskSid,
      reservationStatus: 'accepted',
    });
    expect(sim.reservation(ref.reservationSid)?.status).toBe('accepted');
    const fetched = await gateway.fetchReservation(ref, { timeoutMs: 2000 });
    expect(fetched.reservationStatus).toBe('accepted');
    expect(fetched.dateUpdated).toMatch(/^\d{4}-\d\d-\d\dT/);
    const listed = await gateway.listReservations(
      WS,
      ref.taskSid,
      { reservationStatus: 'accepted' },
      { timeoutMs: 2000 },
    );
    expect(listed.map((r) => r.sid)).toEqual([ref.reservationSid]);
  });

  it('when the library sends array parameters, then each value goes as its own form field, as its axios client sent them', async () => {
    const http = createDeadlineHttpClient();
    const client = twilio(ACCOUNT, TOKEN, { httpClient: http.httpClient, autoRetry: false });
    client.taskrouter.baseUrl = sim.url;
    const ref = pending();
    await client.taskrouter.v1
      .workspaces(WS)
      .tasks(ref.taskSid)
      .reservations(ref.reservationSid)
      .update({
        instruction: 'conference',
        from: '+15005550006',
        to: 'client:alice',
        conferenceStatusCallbackEvent: ['start', 'end'],
        statusCallbackEvent: ['ringing', 'answered'],
      });
    const sent = sim.requests.filter((r) => r.reservationSid === ref.reservationSid).at(-1);
    expect(sent?.status).toBe(200);
    expect(sent?.form).toMatchObject({
      ConferenceStatusCallbackEvent: ['start', 'end'],
      StatusCallbackEvent: ['ringing', 'answered'],
    });
    http.destroy();
  });

  it('when TaskRouter answers 404, then the error is a RestException with the Twilio code and status, classified not-found', async () => {
    sim.faults.set({ kind: '404', count: 1, operations: ['update'] });
    const { err, failure } = await failureOf(
      gateway.updateReservation(pending(), { kind: 'accept', params: {} }, { timeoutMs: 2000 }),
    );
    expect(err).toMatchObject({ name: 'Error', status: 404, code: 20404 });
    expect(err.constructor).toBe(twilio.RestException);
    expect(failure).toMatchObject({ kind: 'rejected', refusal: 'not-found', twilioCode: '20404' });
  });

  it('when TaskRouter answers 429 with Retry-After, then the failure is rate-limited for that long', async () => {
    sim.faults.set({ kind: '429', count: 1, retryAfter: 3, operations: ['update'] });
    const { failure } = await failureOf(
      gateway.updateReservation(pending(), { kind: 'accept', params: {} }, { timeoutMs: 2000 }),
    );
    expect(failure).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 3000,
      twilioCode: '20429',
    });
  });

  it('when TaskRouter answers 503 or 500, then the first is retryable as not applied and the second as unknown', async () => {
    sim.faults.set([
      { kind: '503', count: 1, operations: ['update'] },
      { kind: '500', count: 1, operations: ['fetch'] },
    ]);
    const a = await failureOf(
      gateway.updateReservation(pending(), { kind: 'accept', params: {} }, { timeoutMs: 2000 }),
    );
    expect(a.failure).toMatchObject({
      kind: 'retryable',
      applied: 'no',
      label: 'twilio:20503 (HTTP 503)',
    });
    const b = await failureOf(gateway.fetchReservation(pending(), { timeoutMs: 2000 }));
    expect(b.failure).toMatchObject({ kind: 'retryable', applied: 'unknown', statusClass: '5xx' });
  });

  it('when TaskRouter never answers, then the call fails within its own budget as a timeout that may have applied', async () => {
    sim.faults.set({ kind: 'hang', count: 1, operations: ['update'] });
    const { err, failure } = await failureOf(
      gateway.updateReservation(pending(), { kind: 'accept', params: {} }, { timeoutMs: 150 }),
    );
    expect(err.code).toBe('ETIMEDOUT');
    expect(failure).toMatchObject({
      kind: 'retryable',
      applied: 'unknown',
      statusClass: 'network',
    });
  });

  it('when the connection is reset, or refused, then the failure says whether the update may have applied', async () => {
    sim.faults.set({ kind: 'reset', count: 1, operations: ['update'] });
    const reset = await failureOf(
      gateway.updateReservation(pending(), { kind: 'accept', params: {} }, { timeoutMs: 2000 }),
    );
    expect(reset.failure).toMatchObject({
      kind: 'retryable',
      applied: 'unknown',
      label: 'ECONNRESET',
    });

    const closed = createTcpServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const nowhere = createTaskRouterGateway({
      accountSid: ACCOUNT,
      authToken: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
    });
    const refused = await failureOf(nowhere.fetchReservation(pending(), { timeoutMs: 2000 }));
    expect(refused.failure).toMatchObject({
      kind: 'retryable',
      applied: 'no',
      label: 'ECONNREFUSED',
    });
  });

  describe('connections', () => {
    let proxy: Server;
    let connections = 0;
    beforeAll(async () => {
      // A TCP relay in front of the simulator, counting the connections the client opens.
      const target = new URL(sim.url);
      proxy = createTcpServer((socket) => {
        connections += 1;
        socket.unref();
        const upstream = connect(Number(target.port), target.hostname);
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    });
    afterAll(async () => {
      await new Promise((r) => proxy.close(r));
    });

    it('when calls follow one another on an http base URL, then they share one kept-alive connection', async () => {
      const viaProxy = createTaskRouterGateway({
        accountSid: ACCOUNT,
        authToken: TOKEN,
        baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      });
      for (let i = 0; i < 5; i += 1) {
        const ref = pending();
        await viaProxy.updateReservation(ref, { kind: 'accept', params: {} }, { timeoutMs: 2000 });
        await viaProxy.fetchReservation(ref, { timeoutMs: 2000 });
      }
      expect(connections).toBe(1);
    });
  });
});
