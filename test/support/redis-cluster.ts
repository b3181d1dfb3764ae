import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../../src/local/start-redis-server.js';

const exec = promisify(execFile);

/** A throwaway Redis Cluster of `size` masters on loopback, created with redis-cli. */
export async function startRedisCluster(size = 3): Promise<{ url: string; stop(): Promise<void> }> {
  const nodes: RedisServer[] = [];
  for (let i = 0; i < size; i += 1) {
    nodes.push(
      await startRedisServer({
        extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'],
      }),
    );
  }
  await exec('redis-cli', [
    '--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes',
  ]);
  for (const node of nodes) {
    await untilClusterOk(node.url);
  }
  return {
    url: nodes[0]!.url,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

async function untilClusterOk(url: string): Promise<void> {
  const client = new Redis(url);
  try {
    for (let i = 0; i < 400; i += 1) {
      const info = (await client.cluster('INFO'));
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
