import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { startRedisServer, type RedisServer } from './start-redis-server.js';

const exec = promisify(execFile);

export interface LocalRedisCluster {
  /** A seed node's URL. */
  readonly url: string;
  /** Every primary's URL, in start order. */
  readonly urls: readonly string[];
  /** Every primary's process id, in start order (the bench samples their CPU). */
  readonly pids: readonly (number | undefined)[];
  /** Kills primary `i` (SIGKILL), starts it again on its port and dir, and waits for the cluster to be whole. */
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throwaway Redis Cluster of `size` masters on loopback, created with redis-cli (for the tests
 * and the bench's `--cluster`; the service itself never starts one). With
 * `persistent`, each node keeps an AOF (appendfsync always) so a restarted primary comes back
 * with every acknowledged write, and the cluster keeps serving the other primaries' slots while
 * one is down (`cluster-require-full-coverage no`).
 */
export async function startRedisCluster(
  size = 3,
  opts: { persistent?: boolean } = {},
): Promise<LocalRedisCluster> {
  const extraArgs = [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    'nodes.conf',
    '--cluster-node-timeout',
    '2000',
    ...(opts.persistent ? ['--cluster-require-full-coverage', 'no'] : []),
  ];
  const nodes: RedisServer[] = [];
  // Each node's bus port is chosen like its port: Redis's default (port + 10,000) may be in the
  // kernel's ephemeral range, taken by some connection, or past 65,535.
  const busArgs: string[][] = [];
  for (let i = 0; i < size; i += 1) {
    const bus = ['--cluster-port', String(await freePort())];
    busArgs.push(bus);
    nodes.push(
      await startRedisServer({
        extraArgs: [...extraArgs, ...bus],
        ...(opts.persistent && { aof: true }),
      }),
    );
  }
  await exec('redis-cli', [
    '--cluster',
    'create',
    ...nodes.map((n) => `127.0.0.1:${n.port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (const node of nodes) {
    await untilClusterOk(node.url);
  }
  const seed = nodes[0];
  if (!seed) {
    throw new RangeError('a cluster needs at least one node');
  }
  return {
    url: seed.url,
    urls: nodes.map((n) => n.url),
    get pids() {
      return nodes.map((n) => n.pid);
    },
    async restart(i) {
      const node = nodes[i];
      if (!node) {
        throw new RangeError(`no node ${i} in a cluster of ${nodes.length}`);
      }
      await node.stop({ hard: true, keepDir: true });
      nodes[i] = await startRedisServer({
        extraArgs: [...extraArgs, ...(busArgs[i] ?? [])],
        aof: true,
        dir: node.dir,
        port: node.port,
      });
      for (const n of nodes) {
        await untilClusterOk(n.url);
      }
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

async function untilClusterOk(url: string): Promise<void> {
  const client = new Redis(url);
  try {
    for (let i = 0; i < 400; i += 1) {
      const info = await client.cluster('INFO');
      if (info.includes('cluster_state:ok')) {
        return;
      }
      // Polling for the cluster to converge (a condition, not a timing bet).
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`cluster at ${url} never reached cluster_state:ok`);
  } finally {
    client.disconnect();
  }
}
