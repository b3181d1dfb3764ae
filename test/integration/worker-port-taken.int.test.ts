import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { JOB_NAME, QUEUE_NAME, type ReservationJobData } from '../../src/queue/contract.js';
import { aJobData } from '../support/reservation-job-fixture.js';

let redis: Redis;
let name: string;
let queue: Queue<ReservationJobData>;
let holder: Server;

beforeEach(async () => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  name = `port-taken-${randomUUID().slice(0, 8)}`;
  // The service's key prefix is REDIS_PREFIX in braces (a Cluster hash tag).
  queue = new Queue<ReservationJobData>(QUEUE_NAME, { connection: redis, prefix: `{${name}}` });
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '::', resolve));
});
afterEach(async () => {
  await new Promise((resolve) => holder.close(resolve));
  await queue.obliterate({ force: true });
  await queue.close();
  const keys = await redis.keys(`{${name}}*`);
  if (keys.length > 0) {
    await redis.del(...keys);
  }
  await redis.quit();
});

it('when METRICS_PORT is taken, then the worker exits 1 naming the setting, before taking any job', async () => {
  const job = aJobData();
  const sid = job.reservationSid;
  await queue.add(JOB_NAME, job, { jobId: sid });
  const address = holder.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const child = spawn(process.execPath, ['dist/worker.js'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: name,
      METRICS_PORT: String(port),
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'port-taken-test-token',
      PUBLIC_BASE_URL: 'https://assigner.example.com',
      // Nothing may be called: the job must not be taken.
      TASKROUTER_BASE_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

  expect(code).toBe(1);
  expect(stderr).toContain(`METRICS_PORT=${port} is already in use`);
  const stored = await queue.getJob(sid);
  expect(await stored?.getState()).toBe('waiting');
  expect(stored?.attemptsMade).toBe(0);
  expect(await queue.getActiveCount()).toBe(0);
});
