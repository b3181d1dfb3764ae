import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shardPrefixesOf } from '../../src/compose/key-prefix.js';
import { QUEUE_NAME } from '../../src/queue/contract.js';
import { clusterSlotOf } from '../../src/shared/cluster-slot-of.js';
import { createRedis, type RedisClient } from '../../src/shared/create-redis.js';
import { shardOf } from '../../src/shared/shard-of.js';
import { startSimulator, type Simulator } from '../../src/simulator/start-simulator.js';
import { startRedisCluster, type LocalRedisCluster } from '../../src/local/start-redis-cluster.js';
import { freePort } from '../support/redis-server.js';
import { assessRun, waitUntilSettled, type Assessment } from './support/assess-run.js';
import { saveRow, type ScenarioRow } from './support/results.js';
import { sendCallbacks, type SentCallback } from './support/send-callbacks.js';
import { spawnService, type ServiceProcess } from './support/spawn-service.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CALLBACK_BUDGET_MS,
  DEADLINE_MARGIN_MS,
  PUBLIC_BASE_URL,
  RESERVATION_TIMEOUT_S,
  RULES_PATH,
  WW,
} from './support/start-fault-stack.js';

const SHARDS = 3;
const REDIS_PREFIX = 'faults';
const prefixes = shardPrefixesOf(REDIS_PREFIX, SHARDS);

let cluster: LocalRedisCluster;
let sim: Simulator;
let redis: RedisClient;
let queues: Queue[];
let nodes: Redis[];
const procs: ServiceProcess[] = [];
let webUrl: string;

beforeAll(async () => {
  cluster = await startRedisCluster(SHARDS, { persistent: true });
  sim = await startSimulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    workflows: { [WW]: { taskReservationTimeout: RESERVATION_TIMEOUT_S } },
  });
  const port = await freePort();
  const env = {
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TASKROUTER_BASE_URL: sim.url,
    REDIS_URL: cluster.url,
    REDIS_CLUSTER: 'true',
    REDIS_PREFIX,
    QUEUE_SHARDS: String(SHARDS),
    RULES_PATH,
    LOG_LEVEL: 'info',
    WORKER_CONCURRENCY: '30',
    DEADLINE_MARGIN_MS: String(DEADLINE_MARGIN_MS),
    CALLBACK_BUDGET_MS: String(CALLBACK_BUDGET_MS),
  };
  procs.push(
    await spawnService({ kind: 'web', name: 'web-1', env: { ...env, PORT: String(port) } }),
  );
  webUrl = `http://127.0.0.1:${port}`;
  procs.push(
    ...(await Promise.all(
      [1, 2].map((i) => spawnService({ kind: 'worker', name: `worker-${i}`, env })),
    )),
  );
  redis = createRedis(cluster.url, 'worker', 'cluster-proof', { cluster: true });
  redis.on('error', () => undefined);
  queues = prefixes.map((prefix) => new Queue(QUEUE_NAME, { connection: redis, prefix }));
  queues.forEach((q) => q.on('error', () => undefined));
  nodes = cluster.urls.map((url) => new Redis(url, { maxRetriesPerRequest: null }));
  nodes.forEach((n) => n.on('error', () => undefined));
  // Both workers' blocking connections are up on every shard before traffic starts (bounded poll).
  for (
    let i = 0;
    i < 300 && (await Promise.all(queues.map((q) => q.getWorkersCount()))).some((n) => n < 2);
    i += 1
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await Promise.all(queues?.map((q) => q.close().catch(() => undefined)) ?? []);
  redis?.disconnect();
  nodes?.forEach((n) => n.disconnect());
  await cluster?.stop();
  await sim?.close();
});

/** Redis CPU seconds (user + sys) a node has used since it started. */
async function cpuSeconds(node: Redis): Promise<number> {
  const info = await node.info('cpu');
  const read = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return read('used_cpu_user') + read('used_cpu_sys');
}

/** The node (index in start order) whose slots hold `key`, asked of the cluster itself. */
async function nodeOf(key: string): Promise<number> {
  const slot = await nodes[0]!.cluster('KEYSLOT', key);
  expect(slot).toBe(clusterSlotOf(key));
  const ranges = await nodes[0]!.cluster('SLOTS');
  const holder = ranges.find(([from, to]) => slot >= from && slot <= to);
  const port = holder?.[2]?.[1];
  return cluster.urls.findIndex((url) => url.endsWith(`:${port}`));
}

/** Settles and assesses each shard's share of the run (records and queue live on its shard). */
async function assessShards(
  scenario: string,
  sent: readonly SentCallback[],
): Promise<Assessment[]> {
  const out: Assessment[] = [];
  for (let shard = 0; shard < SHARDS; shard += 1) {
    const mine = sent.filter((cb) => shardOf(cb.reservationSid, SHARDS) === shard);
    const view = { sim, redis: redis as Redis, queue: queues[shard]!, prefix: prefixes[shard]! };
    await waitUntilSettled(view, mine);
    out.push(await assessRun(view, `${scenario} shard ${shard}`, mine));
  }
  return out;
}

function combined(scenario: string, parts: readonly Assessment[], notes: string): ScenarioRow {
  const sum = (
    k:
      | 'callbacks'
      | 'updated'
      | 'inline'
      | 'expired'
      | 'notPending'
      | 'failed'
      | 'duplicatesPrevented'
      | 'lost',
  ) => parts.reduce((a, p) => a + p.row[k], 0);
  return {
    scenario,
    callbacks: sum('callbacks'),
    updated: sum('updated'),
    inline: sum('inline'),
    expired: sum('expired'),
    notPending: sum('notPending'),
    failed: sum('failed'),
    duplicatesPrevented: sum('duplicatesPrevented'),
    lost: sum('lost'),
    p99Ms: Math.max(...parts.map((p) => p.row.p99Ms)),
    maxAnswerMs: Math.max(...parts.map((p) => p.row.maxAnswerMs)),
    notes,
  };
}

/** Jobs whose add overtook their claim (the worker wrote the record: processReservationJob). */
const adopted = () =>
  procs.flatMap((p) => p.logs).filter((l) => l.msg.startsWith('no record when the job started'))
    .length;

const updatesOf = (sid: string) =>
  sim.requests.filter(
    (e) => e.reservationSid === sid && e.operation?.startsWith('Update') && e.applied === true,
  );

describe('QUEUE_SHARDS=3 on a 3-primary Redis Cluster (issue 13)', () => {
  it('when 900 callbacks arrive at 100/s, then each shard sits on its own primary, keys and Redis CPU spread over the three, none lost, none updated twice', async () => {
    const shardNodes = await Promise.all(prefixes.map((p) => nodeOf(`${p}:inflight`)));
    expect(new Set(shardNodes).size).toBe(SHARDS);

    const before = await Promise.all(nodes.map(cpuSeconds));
    const sent = await sendCallbacks({ sim, webUrls: [webUrl], count: 900, perSecond: 100 });
    const parts = await assessShards('cluster 3 shards', sent);
    const after = await Promise.all(nodes.map(cpuSeconds));
    const used = after.map((a, i) => a - before[i]!);
    const total = used.reduce((a, b) => a + b, 0);
    const shares = used.map((u) => u / total);
    const keys = await Promise.all(nodes.map((n) => n.dbsize()));
    const perShard = [0, 1, 2].map(
      (s) => sent.filter((cb) => shardOf(cb.reservationSid, SHARDS) === s).length,
    );
    const row = combined(
      'cluster: 3 shards on 3 primaries',
      parts,
      `reservations per shard ${perShard.join(' / ')}; keys per node ${keys.join(' / ')}; Redis CPU per node ${used.map((u) => `${Math.round(u * 1000)} ms`).join(' / ')} (shares ${shares.map((s) => `${Math.round(s * 100)} %`).join(' / ')}); ${((total * 1000) / sent.length).toFixed(2)} ms of Redis CPU per reservation over the cluster`,
    );
    saveRow(inject('faultsResultsDir'), row);
    console.log(row.notes);

    expect(parts.flatMap((p) => p.problems)).toEqual([]);
    expect(row.lost).toBe(0);
    expect(row.updated).toBe(sent.length);
    for (const cb of sent) {
      expect(updatesOf(cb.reservationSid)).toHaveLength(1);
    }
    for (const k of keys) {
      expect(k).toBeGreaterThan(0);
    }
    for (const share of shares) {
      expect(share).toBeGreaterThanOrEqual(0.2);
      expect(share).toBeLessThanOrEqual(0.45);
    }
  });

  it('when one primary is killed and restarted mid-run, then its shard answers degraded meanwhile, the others carry on, none lost, none updated twice', async () => {
    const victim = await nodeOf(`${prefixes[1]}:inflight`);
    let restart: Promise<void> | undefined;
    const sent = await sendCallbacks({
      sim,
      webUrls: [webUrl],
      count: 300,
      perSecond: 50,
      onSent: (cb) => {
        if (cb.index === 100) {
          restart = cluster.restart(victim);
        }
      },
    });
    await restart;
    const parts = await assessShards('cluster primary restart', sent);
    const row = combined(
      'cluster: 3 shards, one primary SIGKILLed and restarted',
      parts,
      `primary ${victim} (shard 1) killed after 100 callbacks and restarted on its AOF; outcomes per shard ${parts.map((p) => `${p.row.updated} updated + ${p.row.inline} inline`).join(' / ')}; jobs that ran before their claim landed: ${adopted()}`,
    );
    saveRow(inject('faultsResultsDir'), row);
    console.log(row.notes);

    expect(parts.flatMap((p) => p.problems)).toEqual([]);
    expect(row.lost).toBe(0);
    expect(row.updated + row.inline).toBe(sent.length);
    for (const cb of sent) {
      expect(updatesOf(cb.reservationSid).length).toBeLessThanOrEqual(1);
    }
    // The shards on the primaries that stayed up were updated over REST throughout.
    expect(parts[0]!.row.inline + parts[2]!.row.inline).toBe(0);
  });
});
