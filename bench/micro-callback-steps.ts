/**
 * CPU cost of each step of the callback path, measured in isolation in one process with the
 * service's own modules (`process.cpuUsage` over many iterations, after a warm-up), so the
 * numbers hold even on a machine busy with other work. Redis steps need a redis-server (one is
 * started). A companion to `--profile`: the profile says where time goes under load, this says
 * what each step costs on its own.
 *
 *   node --import tsx bench/micro-callback-steps.ts [--iterations 20000]
 */
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadRules } from '../src/config/load-rules.js';
import { parseAssignmentCallback } from '../src/assignment/parse-assignment-callback.js';
import { createMetrics } from '../src/shared/create-metrics.js';
import { createSealer } from '../src/shared/create-sealer.js';
import { createLogger } from '../src/shared/logger.js';
import { createRedisReservationStore } from '../src/state/create-redis-reservation-store.js';
import { encodeFields } from '../src/state/encode-record.js';
import type { ReservationRecord } from '../src/state/reservation-record.js';
import { assignmentParams, ASSIGNMENT_PATH, BENCH_AUTH_TOKEN, newSid } from './lib/payloads.js';
import { startBenchRedis } from './lib/processes.js';
import { RULES } from './lib/service.js';
import { signForm } from '../test/support/sign-callback.js';

const { values } = parseArgs({ options: { iterations: { type: 'string' } } });
const N = Number(values.iterations ?? 20_000);

function cpuUs(fn: (i: number) => void, n = N): number {
  for (let i = 0; i < Math.min(2000, n); i += 1) {
    fn(i);
  }
  const start = process.cpuUsage();
  for (let i = 0; i < n; i += 1) {
    fn(i);
  }
  const d = process.cpuUsage(start);
  return (d.user + d.system) / n;
}

async function cpuUsAsync(
  fn: (i: number) => Promise<unknown>,
  n = N,
  parallel = 1,
): Promise<number> {
  const runBatch = async (from: number, count: number) => {
    for (let i = from; i < from + count; i += parallel) {
      await Promise.all(
        Array.from({ length: Math.min(parallel, from + count - i) }, (_, k) => fn(i + k)),
      );
    }
  };
  await runBatch(0, Math.min(2000, n));
  const start = process.cpuUsage();
  await runBatch(n, n);
  const d = process.cpuUsage(start);
  return (d.user + d.system) / n;
}

const rows: Array<[string, number]> = [];
const row = (name: string, us: number) => {
  rows.push([name, us]);
  console.log(`${us.toFixed(2).padStart(8)} µs  ${name}`);
};

const url = `http://127.0.0.1:3000${ASSIGNMENT_PATH}`;
const params = assignmentParams();
const { body, signature } = signForm(BENCH_AUTH_TOKEN, url, params);
const form = Object.fromEntries(new URLSearchParams(body));

row(
  'twilio.validateRequest (valid signature)',
  cpuUs(() => void twilio.validateRequest(BENCH_AUTH_TOKEN, signature, url, form)),
);
row(
  'parseAssignmentCallback (zod + 2 × JSON.parse)',
  cpuUs(() => void parseAssignmentCallback(form)),
);
const cb = parseAssignmentCallback(form);
const rules = loadRules(RULES.async).ruleSet;
const now = Date.now();
row(
  'rules.decide (5 rules miss, 6th accepts)',
  cpuUs(() => void rules.decide(cb.facts, now)),
);
const sealer = createSealer(BENCH_AUTH_TOKEN);
row(
  'sealer.seal({instruction:"accept"})',
  cpuUs(() => void sealer.seal({ instruction: 'accept' })),
);
const record: ReservationRecord = {
  ...cb.identity,
  mode: 'async',
  rule: 'everything-else',
  instruction: 'accept',
  rulesVersion: rules.version,
  receivedAt: now,
  deadline: now + 29_000,
  deliveries: 1,
  attempts: 0,
  updatedAt: now,
  state: 'decided',
};
row(
  'encodeFields(record)',
  cpuUs(() => void encodeFields(record)),
);

const devnull = await open('/dev/null', 'w');
const { createWriteStream } = await import('node:fs');
const sink = createWriteStream('/dev/null', { fd: devnull.fd });
const log = createLogger({ level: 'info', destination: sink }).child({ module: 'assignment' });
row(
  'log.child({3 sids}).info({4 fields}) (pino, redact)',
  cpuUs(() => {
    log
      .child({
        reservationSid: cb.identity.reservationSid,
        taskSid: cb.identity.taskSid,
        workerSid: cb.identity.workerSid,
      })
      .info(
        { rule: 'everything-else', instruction: 'accept', mode: 'async', deadlineInMs: 29_000 },
        'callback decided',
      );
  }),
);
row(
  'log.info({3 sids + 4 fields}) without a child',
  cpuUs(() => {
    log.info(
      {
        reservationSid: cb.identity.reservationSid,
        taskSid: cb.identity.taskSid,
        workerSid: cb.identity.workerSid,
        rule: 'everything-else',
        instruction: 'accept',
        mode: 'async',
        deadlineInMs: 29_000,
      },
      'callback decided',
    );
  }),
);
const metrics = createMetrics();
row(
  'metrics: 2 counters, 1 gauge, 1 histogram timer',
  cpuUs(() => {
    const end = metrics.callbackSeconds.startTimer({ route: 'assignment' });
    metrics.callbacks.inc({ outcome: 'decided' });
    metrics.degraded.set(0);
    metrics.decisions.inc({ rule: 'everything-else', instruction: 'accept', mode: 'async' });
    end();
  }),
);

const redis = await startBenchRedis();
try {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const store = createRedisReservationStore({ redis: client, keyPrefix: '{micro}' });
  const R = Math.min(N, 10_000);
  row('redis PING (one round trip, serial)', await cpuUsAsync(() => client.ping(), R));
  row(
    'store.claim (EVAL, serial)',
    await cpuUsAsync(() => store.claim({ ...record, reservationSid: newSid('WR') }), R),
  );
  const sids = Array.from({ length: R * 2 }, () => newSid('WR'));
  await Promise.all(sids.map((sid) => store.claim({ ...record, reservationSid: sid })));
  row(
    'store.patch (EVAL, serial)',
    await cpuUsAsync(
      (i) => store.patch(sids[i % sids.length] as string, { state: 'queued' }, { live: true }),
      R,
    ),
  );
  const queue = new Queue('micro', { connection: client, prefix: '{micro}' });
  row(
    'BullMQ queue.add (jobId, serial)',
    await cpuUsAsync(
      () =>
        queue.add(
          'update',
          { reservationSid: newSid('WR'), sealedParams: sealer.seal({}), deadline: now },
          { jobId: newSid('WR') },
        ),
      R,
    ),
  );
  row(
    'store.claim (EVAL, 50 concurrent)',
    await cpuUsAsync(() => store.claim({ ...record, reservationSid: newSid('WR') }), R, 50),
  );
  await queue.close();
  await client.quit();
} finally {
  await redis.stop();
  sink.end();
}
