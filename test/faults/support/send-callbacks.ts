import { request } from 'node:http';
import { setTimeout as sleepUntilSlot } from 'node:timers/promises';
import { ASSIGNMENT_PATH } from '../../../src/http/assignment-route.js';
import { EVENTS_PATH } from '../../../src/http/events-route.js';
import type { Simulator } from '../../../src/simulator/start-simulator.js';
import type { ReservationStatus } from '../../../src/simulator/types.js';
import { signForm } from '../../support/sign-callback.js';
import { newSid } from '../../support/sids.js';
import { ACCOUNT_SID, AUTH_TOKEN, PUBLIC_BASE_URL, WS, WW } from './start-fault-stack.js';

export const CALL_SID = `CA${'7'.repeat(32)}`;
const WORKER_ATTRIBUTES = { contact_uri: 'client:alice' };

/** Half accepts, the rest one of each other instruction (test/fixtures/rules/faults.yaml). */
const FLOWS = [
  'accept',
  'accept',
  'accept',
  'accept',
  'accept',
  'reject',
  'conference',
  'dequeue',
  'call',
  'redirect',
];

/** The default task of callback `i`: the instruction mix, in a fixed rotation. */
export function mixedTask(i: number): Record<string, unknown> {
  return { flow: FLOWS[i % FLOWS.length], to: '+14155550111', call_sid: CALL_SID };
}

export interface Answer {
  /** HTTP status; 0 when no answer came (connection refused, reset, timeout). */
  readonly status: number;
  readonly body: unknown;
  readonly at: number;
  /** Index of the web process that answered. */
  readonly web: number;
  readonly error?: string;
}

/** One Assignment Callback as TaskRouter would send it, and what became of its deliveries. */
export interface SentCallback {
  readonly index: number;
  readonly reservationSid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  readonly task: Readonly<Record<string, unknown>>;
  /** Epoch ms the first delivery was sent. */
  readonly sentAt: number;
  readonly answers: Answer[];
  /** The instruction TaskRouter took from a callback response (degraded mode), if any. */
  inline?: string;
}

export interface TrafficOptions {
  readonly sim: Simulator;
  readonly webUrls: readonly string[];
  readonly count: number;
  /** Callbacks started per second, on a fixed clock (open loop: a slow answer delays nothing). */
  readonly perSecond: number;
  /** @defaultValue mixedTask */
  readonly task?: (i: number) => Record<string, unknown>;
  /**
   * 2: every callback is delivered twice, as with a fallback URL (even ones at once, odd ones
   * the second after the first was answered). @defaultValue 1
   */
  readonly deliveries?: 1 | 2;
  /** Called per callback once all its deliveries were answered. */
  readonly onAnswered?: (sent: SentCallback) => Promise<void> | void;
  /**
   * Called as each callback is about to be delivered (its reservation exists in the simulator):
   * to act on the service mid-run, or on the reservation before its callback arrives.
   */
  readonly onSent?: (sent: SentCallback) => Promise<void> | void;
}

/**
 * Sends `count` signed Assignment Callbacks, each for a reservation created pending in the
 * simulator just before, spread over the web processes. A callback answered with an instruction
 * is applied to the simulator's reservation, as TaskRouter applies a callback response.
 * Resolves when every delivery was answered.
 */
export async function sendCallbacks(opts: TrafficOptions): Promise<SentCallback[]> {
  const sent: SentCallback[] = [];
  const inFlight: Promise<void>[] = [];
  const interval = 1000 / opts.perSecond;
  const start = Date.now();
  for (let i = 0; i < opts.count; i += 1) {
    const slot = start + i * interval - Date.now();
    if (slot > 0) {
      // Pacing the load on a clock (an open-loop generator), not waiting for anything to happen.
      await sleepUntilSlot(slot);
    }
    const cb = createCallback(opts.sim, i, (opts.task ?? mixedTask)(i));
    sent.push(cb);
    await opts.onSent?.(cb);
    inFlight.push(deliver(cb, opts));
  }
  await Promise.all(inFlight);
  return sent;
}

function createCallback(
  sim: Simulator,
  index: number,
  task: Record<string, unknown>,
): SentCallback {
  const reservationSid = newSid('WR');
  const taskSid = newSid('WT');
  const workerSid = newSid('WK');
  sim.createReservation({
    workspaceSid: WS,
    taskSid,
    workerSid,
    sid: reservationSid,
    workflowSid: WW,
    workerAttributes: WORKER_ATTRIBUTES,
    taskAttributes: task,
  });
  return { index, reservationSid, taskSid, workerSid, task, sentAt: Date.now(), answers: [] };
}

async function deliver(cb: SentCallback, opts: TrafficOptions): Promise<void> {
  const params = callbackParams(cb);
  const webs = opts.webUrls.length;
  const primary = cb.index % webs;
  const fallback = (cb.index + 1) % webs;
  if ((opts.deliveries ?? 1) === 1) {
    await postOnce(cb, params, primary, opts);
  } else if (cb.index % 2 === 0) {
    await Promise.all([postOnce(cb, params, primary, opts), postOnce(cb, params, fallback, opts)]);
  } else {
    await postOnce(cb, params, primary, opts);
    await postOnce(cb, params, fallback, opts);
  }
  await opts.onAnswered?.(cb);
}

async function postOnce(
  cb: SentCallback,
  params: Record<string, string>,
  web: number,
  opts: TrafficOptions,
): Promise<void> {
  const answer = await postSigned(opts.webUrls[web] as string, ASSIGNMENT_PATH, params, web);
  cb.answers.push(answer);
  const instruction = (answer.body as { instruction?: unknown } | null)?.instruction;
  if (answer.status === 200 && typeof instruction === 'string') {
    applyCallbackResponse(opts.sim, cb, instruction, answer.body as Record<string, unknown>);
  }
}

/** What TaskRouter does with an instruction in a callback response (taskrouter-facts.md §2). */
function applyCallbackResponse(
  sim: Simulator,
  cb: SentCallback,
  instruction: string,
  body: Record<string, unknown>,
): void {
  cb.inline ??= instruction;
  const to: ReservationStatus | null =
    instruction === 'reject'
      ? 'rejected'
      : (instruction === 'call' || instruction === 'redirect') && body.accept !== true
        ? null
        : 'accepted';
  if (to && sim.reservation(cb.reservationSid)?.status === 'pending') {
    sim.setReservationStatus(cb.reservationSid, to);
  }
}

/** The twelve documented parameters of an Assignment Callback. */
function callbackParams(cb: SentCallback): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    WorkspaceSid: WS,
    WorkflowSid: WW,
    TaskQueueSid: `WQ${'9'.repeat(32)}`,
    WorkerSid: cb.workerSid,
    WorkerAttributes: JSON.stringify(WORKER_ATTRIBUTES),
    TaskSid: cb.taskSid,
    TaskAttributes: JSON.stringify(cb.task),
    TaskAge: '3',
    TaskPriority: '0',
    ReservationSid: cb.reservationSid,
    Timestamp: String(Math.floor(cb.sentAt / 1000)),
  };
}

/** POSTs a signed Workspace Event (`reservation.canceled`, …) for a reservation. */
export function postEvent(
  webUrl: string,
  eventType: string,
  cb: Pick<SentCallback, 'reservationSid' | 'taskSid' | 'workerSid'>,
): Promise<Answer> {
  return postSigned(
    webUrl,
    EVENTS_PATH,
    {
      AccountSid: ACCOUNT_SID,
      WorkspaceSid: WS,
      EventType: eventType,
      EventDescription: `Reservation ${cb.reservationSid} ${eventType.split('.')[1] ?? ''}`,
      ResourceType: 'reservation',
      ResourceSid: cb.reservationSid,
      ReservationSid: cb.reservationSid,
      TaskSid: cb.taskSid,
      WorkerSid: cb.workerSid,
      Timestamp: String(Math.floor(Date.now() / 1000)),
    },
    0,
  );
}

async function postSigned(
  webUrl: string,
  path: string,
  params: Record<string, string>,
  web: number,
): Promise<Answer> {
  const { body, signature } = signForm(AUTH_TOKEN, PUBLIC_BASE_URL + path, params);
  try {
    const res = await postForm(webUrl + path, body, signature);
    return {
      status: res.status,
      body: res.text ? (JSON.parse(res.text) as unknown) : null,
      at: Date.now(),
      web,
    };
  } catch (err) {
    const code = (err as { code?: string }).code;
    return {
      status: 0,
      body: null,
      at: Date.now(),
      web,
      error: `${(err as Error).message}${code ? ` (${code})` : ''}`,
    };
  }
}

/**
 * One POST on a connection of its own, as a webhook sender makes it. A pooled keep-alive
 * connection could be closed by the server (keepAliveTimeout) just as a stalled test process
 * reuses it, which would fail a delivery for a reason that has nothing to do with the service.
 */
function postForm(
  url: string,
  body: string,
  signature: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature,
        },
        // TaskRouter waits 5 s; this only keeps a wedged server from hanging the suite.
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    req.end(body);
  });
}
