import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Redis } from 'ioredis';
import { startRedisCluster } from '../../src/local/start-redis-cluster.js';
import { freePort } from '../../src/local/free-port.js';
import { startRedisServer } from '../../src/local/start-redis-server.js';

export { freePort };

/** A process the bench started; `stop()` ends it (SIGTERM, then SIGKILL after `graceMs`). */
export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** True once the process has exited (undefined for processes the bench does not spawn itself). */
  hasExited?(): boolean;
  stop(graceMs?: number): Promise<void>;
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `node [execArgv] script` with `env` added to the bench's environment, stdout and stderr
 * into `logFile` (the service logs at its configured level, as in production, to a file).
 */
export function startNode(opts: {
  name: string;
  script: string;
  env: Readonly<Record<string, string>>;
  logFile: string;
  execArgv?: readonly string[];
}): BenchProcess {
  const fd = openSync(opts.logFile, 'w');
  const child = spawn(process.execPath, [...(opts.execArgv ?? []), opts.script], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) {
    throw new Error(`could not start ${opts.name} (${opts.script})`);
  }
  return {
    name: opts.name,
    pid: child.pid,
    logFile: opts.logFile,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    stop: (graceMs = 10_000) => stopChild(child, graceMs),
  };
}

/**
 * `startNode`, then waits until `healthUrl` answers 200 (polled every 10 ms): `readyMs` is from
 * spawn to that answer (issue 11: ready within 1 s). A process that never gets there is stopped
 * before the error is thrown, its log tail in it.
 */
export async function startNodeReady(
  opts: Parameters<typeof startNode>[0] & { healthUrl: string },
): Promise<BenchProcess & { readyMs: number }> {
  const spawnedAt = performance.now();
  const proc = startNode(opts);
  try {
    await waitForHttp(opts.healthUrl, proc, undefined, 10);
  } catch (err) {
    await proc.stop(1000);
    throw err;
  }
  return { ...proc, readyMs: Math.round(performance.now() - spawnedAt) };
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Polls `url` until it answers 200, for at most `timeoutMs`, and gives up at once if the process
 * exits; the log tail is in the error.
 */
export async function waitForHttp(
  url: string,
  proc: BenchProcess,
  timeoutMs = 20_000,
  pollMs = 100,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await get(url)) === 200) {
      return;
    }
    if (proc.hasExited?.()) {
      throw new Error(`${proc.name} exited before answering ${url}; log tail:\n${logTail(proc)}`);
    }
    // Waiting for a process to start listening: readiness polling, bounded above.
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(
    `${proc.name} did not answer ${url} within ${timeoutMs} ms; log tail:\n${logTail(proc)}`,
  );
}

/** The last lines of a process's log (for errors). */
export function logTail(proc: BenchProcess, lines = 20): string {
  return readFileSync(proc.logFile, 'utf8').split('\n').slice(-lines).join('\n');
}

/** A private redis-server (no persistence) on a free loopback port, with its pid for /proc sampling. */
export async function startBenchRedis(): Promise<BenchProcess & { url: string }> {
  const server = await startRedisServer();
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  const info = await client.info('server');
  await client.quit();
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  return {
    name: 'redis',
    pid,
    url: server.url,
    logFile: '',
    stop: () => server.stop(),
  };
}

/** The bench's Redis: one server, or the primaries of a local cluster, each sampled on its own. */
export interface BenchRedis {
  /** The URL the service is given (a seed node for a cluster). */
  readonly url: string;
  /** Every server, for INFO commandstats. */
  readonly urls: readonly string[];
  /** `redis`, or `redis-0` … `redis-(n-1)` for a cluster's primaries. */
  readonly nodes: readonly { readonly name: string; readonly pid: number }[];
  readonly cluster: boolean;
  stop(): Promise<void>;
}

/** One private redis-server, or with `clusterSize` ≥ 1 a local Redis Cluster of that many primaries. */
export async function startBenchRedisLayout(clusterSize?: number): Promise<BenchRedis> {
  if (clusterSize === undefined) {
    const one = await startBenchRedis();
    return {
      url: one.url,
      urls: [one.url],
      nodes: [{ name: 'redis', pid: one.pid }],
      cluster: false,
      stop: () => one.stop(),
    };
  }
  const cluster = await startRedisCluster(clusterSize);
  return {
    url: cluster.url,
    urls: cluster.urls,
    nodes: cluster.pids.map((pid, i) => ({ name: `redis-${i}`, pid: pid ?? 0 })),
    cluster: true,
    stop: () => cluster.stop(),
  };
}
