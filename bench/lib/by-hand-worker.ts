/**
 * The end-to-end bench's peer, worker half: a BullMQ Worker that accepts each reservation with
 * the twilio library's own client (its default axios RequestClient), as a user writes it by hand.
 * No deadline, no record, no fetch before a retry. `REDIS_URL`, `TASKROUTER_BASE_URL`,
 * `WORKER_CONCURRENCY` and `METRICS_PORT` (only `/healthz`, for the bench's readiness check).
 * `BY_HAND_CLIENT=node-http` posts the form with `node:http` and a kept-alive agent instead of
 * the library (issue 11's prototype: the floor of a BullMQ pipeline, not what users write).
 */
import { Agent, createServer, request } from 'node:http';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import twilio from 'twilio';
import { BENCH_ACCOUNT_SID, BENCH_AUTH_TOKEN, BY_HAND_QUEUE } from './payloads.js';

interface Job {
  readonly WorkspaceSid: string;
  readonly TaskSid: string;
  readonly ReservationSid: string;
}

const base = process.env.TASKROUTER_BASE_URL ?? 'https://taskrouter.twilio.com';
const client = twilio(BENCH_ACCOUNT_SID, BENCH_AUTH_TOKEN);
client.taskrouter.baseUrl = base;
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: null,
});
const agent = new Agent({ keepAlive: true, maxSockets: 50 });
const authorization = `Basic ${Buffer.from(`${BENCH_ACCOUNT_SID}:${BENCH_AUTH_TOKEN}`).toString('base64')}`;

function postAccepted(job: Job): Promise<void> {
  const body = 'ReservationStatus=accepted';
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/v1/Workspaces/${job.WorkspaceSid}/Tasks/${job.TaskSid}/Reservations/${job.ReservationSid}`,
      {
        method: 'POST',
        agent,
        headers: {
          Authorization: authorization,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(body.length),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          (res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const viaNodeHttp = process.env.BY_HAND_CLIENT === 'node-http';
const worker = new Worker<Job>(
  BY_HAND_QUEUE,
  async (job) => {
    if (viaNodeHttp) {
      await postAccepted(job.data);
      return;
    }
    await client.taskrouter.v1
      .workspaces(job.data.WorkspaceSid)
      .tasks(job.data.TaskSid)
      .reservations(job.data.ReservationSid)
      .update({ reservationStatus: 'accepted' });
  },
  { connection, concurrency: Number(process.env.WORKER_CONCURRENCY ?? 50) },
);
worker.on('error', () => undefined);
const health = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
});
health.listen(Number(process.env.METRICS_PORT ?? 0));
process.on('SIGTERM', () => {
  health.close();
  void worker
    .close()
    .then(() => connection.quit())
    .finally(() => process.exit(0));
});
