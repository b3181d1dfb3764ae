/**
 * The end-to-end bench's minimal TaskRouter: a `node:http` server that answers Reservation updates
 * and fetches with the resource's JSON (no OpenAPI check, no state machine beyond pending →
 * accepted), and the driver of the Assignment Callbacks, signed before the run and written
 * open-loop over raw kept-alive sockets. It costs a fraction of the simulator's CPU, so on two
 * cores the figures are the service's own. Same IPC protocol as `e2e-driver.ts`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { signForm } from '../../test/support/sign-callback.js';
import type { DriverResult, DriverRun, DriverStart } from './e2e-driver.js';
import { BENCH_AUTH_TOKEN, assignmentParams } from './payloads.js';
import { createRawHttpPool, serializeFormPost, type RawHttpPool } from './raw-http-pool.js';
import { serveIpcRequests } from './child-ipc.js';
import { createDrain, paceOpenLoop, summarizeSettled } from './pace-open-loop.js';
import { summarizeLatencies } from './stats.js';

interface Pending {
  readonly index: number;
  readonly workspaceSid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  status: 'pending' | 'accepted';
}

const RESERVATION_PATH = /^\/v1\/Workspaces\/(WS\w+)\/Tasks\/(WT\w+)\/Reservations\/(WR\w+)$/;

let server: ReturnType<typeof createServer> | undefined;
let baseUrl = '';
let callbackUrl: URL | undefined;
let pool: RawHttpPool | undefined;
let timeoutS = 30;
/** The current run's reservations by ReservationSid; `onSettle` times each acceptance. */
let book = new Map<string, Pending>();
let onSettle: (index: number) => void = () => undefined;
let restCalls = 0;

function render(sid: string, r: Pending): string {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const workspace = `${baseUrl}/v1/Workspaces/${r.workspaceSid}`;
  return JSON.stringify({
    account_sid: 'AC' + r.workspaceSid.slice(2),
    date_created: now,
    date_updated: now,
    links: {
      task: `${workspace}/Tasks/${r.taskSid}`,
      worker: `${workspace}/Workers/${r.workerSid}`,
      workspace,
    },
    reservation_status: r.status,
    sid,
    task_sid: r.taskSid,
    url: `${workspace}/Tasks/${r.taskSid}/Reservations/${sid}`,
    worker_name: 'alice',
    worker_sid: r.workerSid,
    workspace_sid: r.workspaceSid,
  });
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  restCalls += 1;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const m = RESERVATION_PATH.exec(req.url ?? '');
    const sid = m?.[3];
    const r = sid === undefined ? undefined : book.get(sid);
    if (sid === undefined || r === undefined) {
      answer(res, 404, JSON.stringify({ code: 20404, message: 'not found', status: 404 }));
      return;
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('ReservationStatus') !== 'accepted' || r.status !== 'pending') {
        answer(res, 400, JSON.stringify({ code: 20001, message: 'not pending', status: 400 }));
        return;
      }
      r.status = 'accepted';
      onSettle(r.index);
    }
    answer(res, 200, render(sid, r));
  });
}

async function start(msg: DriverStart): Promise<{ url: string }> {
  timeoutS = msg.reservationTimeoutS;
  callbackUrl = new URL(msg.assignmentCallbackUrl);
  const s = createServer({ keepAliveTimeout: 30_000 }, handle);
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  pool = createRawHttpPool({
    host: callbackUrl.hostname,
    port: Number(callbackUrl.port),
    maxSockets: 256,
  });
  return { url: baseUrl };
}

async function run(msg: DriverRun): Promise<DriverResult> {
  const p = pool;
  const target = callbackUrl;
  if (!p || !target) {
    throw new Error('stub not started');
  }
  const count = Math.max(1, Math.round((msg.rate * msg.durationMs) / 1000));
  // Signed before the run, so signing never competes with what is measured.
  book = new Map();
  const requests: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const params = assignmentParams();
    const sid = params.ReservationSid as string;
    book.set(sid, {
      index: i,
      workspaceSid: params.WorkspaceSid as string,
      taskSid: params.TaskSid as string,
      workerSid: params.WorkerSid as string,
      status: 'pending',
    });
    const signed = signForm(BENCH_AUTH_TOKEN, target.href, params);
    requests.push(
      serializeFormPost({
        host: target.hostname,
        port: Number(target.port),
        path: target.pathname,
        body: signed.body,
        headers: { 'X-Twilio-Signature': signed.signature },
      }),
    );
  }
  restCalls = 0;
  const due = new Float64Array(count);
  const settledAt = new Float64Array(count).fill(NaN);
  const lags = new Float64Array(count);
  const answeredAt = new Float64Array(count).fill(NaN);
  const callbackStatus: Record<string, number> = {};
  let settled = 0;
  let answered = 0;
  // Done when every reservation is settled and every callback answered: the worker can update a
  // reservation before the web's answer to its callback has reached this process.
  const drain = createDrain(() => settled === count && answered === count);
  onSettle = (i) => {
    settledAt[i] = performance.now();
    settled += 1;
    drain.check();
  };
  const t0 = await paceOpenLoop(count, msg.rate, (i, at, lag) => {
    due[i] = at;
    lags[i] = lag;
    p.request(requests[i] as Buffer, (r) => {
      answeredAt[i] = r.doneAt;
      callbackStatus[String(r.status)] = (callbackStatus[String(r.status)] ?? 0) + 1;
      answered += 1;
      drain.check();
    });
  });
  await drain.wait(msg.drainMs);
  onSettle = () => undefined;

  const { latencies, beforeDeadline, last, p99BySecond } = summarizeSettled(
    due,
    settledAt,
    t0,
    timeoutS * 1000,
  );
  // The answers, summarized as the settlements are: latency from the due time, by second.
  const answers = summarizeSettled(due, answeredAt, t0, timeoutS * 1000);
  const accepted = latencies.length;
  return {
    offeredRate: msg.rate,
    created: count,
    accepted,
    beforeDeadline,
    beforeDeadlineShare: Math.round((beforeDeadline / count) * 10_000) / 10_000,
    unsettled: count - accepted,
    byStatus: { accepted, pending: count - accepted },
    latencyMs: summarizeLatencies(latencies),
    p99BySecondMs: p99BySecond,
    sendLagMs: summarizeLatencies(lags),
    settledRate: Math.round((accepted / Math.max(msg.durationMs, last - t0)) * 1000 * 10) / 10,
    restCalls,
    callbackStatus,
    callbackMs: summarizeLatencies(answers.latencies),
    callbackP99BySecondMs: answers.p99BySecond,
  };
}

serveIpcRequests<DriverStart, DriverRun>({ start, run }, () => {
  pool?.close();
  server?.closeAllConnections();
  server?.close(() => process.exit(0));
});
