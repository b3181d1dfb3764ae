/**
 * The end-to-end bench's peer, web half: the async pipeline a user writes by hand (issue 11).
 * Express 5 with `express.urlencoded()`, the twilio library's `validateRequest`, and a BullMQ
 * `add` (job id = ReservationSid, so a second delivery adds nothing) before answering `{}`.
 * None of the service's records, rules, limits, logs or metrics. `PORT`, `PUBLIC_BASE_URL` and
 * `REDIS_URL` from the environment.
 */
import { Queue } from 'bullmq';
import express from 'express';
import { Redis } from 'ioredis';
import { BY_HAND_QUEUE } from './payloads.js';
import { peerSignedParams } from './peer-signed-params.js';

const base = process.env.PUBLIC_BASE_URL ?? '';
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: null,
});
const queue = new Queue(BY_HAND_QUEUE, {
  connection,
  defaultJobOptions: { attempts: 3, removeOnComplete: { count: 1000 }, removeOnFail: 10_000 },
});
const app = express();
app.post('/taskrouter/assignment', express.urlencoded({ extended: false }), (req, res) => {
  const params = peerSignedParams(req, base);
  if (!params) {
    res.status(403).send('forged');
    return;
  }
  const { WorkspaceSid, TaskSid, ReservationSid } = params;
  if (!ReservationSid) {
    res.status(400).send('no ReservationSid');
    return;
  }
  queue.add('accept', { WorkspaceSid, TaskSid, ReservationSid }, { jobId: ReservationSid }).then(
    () => res.json({}),
    () => res.status(500).send('queue unavailable'),
  );
});
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => {
    void queue
      .close()
      .then(() => connection.quit())
      .finally(() => process.exit(0));
  });
  server.closeAllConnections();
});
