import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The server's process id, for tests that freeze it (SIGSTOP) and thaw it (SIGCONT). */
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, or SIGKILL with `{ hard: true }`) and waits for it to exit. */
  stop(opts?: { hard?: boolean; keepDir?: boolean }): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private `redis-server` (from PATH) on a free loopback port. With `aof`, persistence is
 * on (appendfsync always) so a restart on the same `dir` keeps every acknowledged write.
 */
export async function startRedisServer(
  opts: { aof?: boolean; dir?: string; port?: number; extraArgs?: readonly string[] } = {},
): Promise<RedisServer> {
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tra-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    ...(opts.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
    ...(opts.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url, child, () => spawnError);
  return {
    url,
    port,
    dir,
    pid: child.pid,
    async stop({ hard = false, keepDir = false } = {}) {
      if (child.exitCode === null) {
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      }
      await exited;
      if (!keepDir && !opts.dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function waitForPing(
  url: string,
  child: ChildProcess,
  failed: () => Error | undefined,
): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null || failed()) {
      throw new Error(
        'redis-server exited at start: is it installed (apt-get install redis-server)?',
      );
    }
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      // Polling a starting server: the wait is for readiness, not a timing assumption.
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`redis-server did not answer on ${url}`);
}
