import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The server's process id, for tests that freeze it (SIGSTOP) and thaw it (SIGCONT). */
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, or SIGKILL with `{ hard: true }`) and waits for it to exit. */
  stop(opts?: { hard?: boolean; keepDir?: boolean }): Promise<void>;
}

/**
 * Starts a private `redis-server` (from PATH) on a free loopback port. With `aof`, persistence is
 * on (appendfsync always) so a restart on the same `dir` keeps every acknowledged write.
 *
 * When the port was chosen here and the server exits at start (another process bound that port
 * first), it is started again on another port; `opts.port` (a restart on the same port) is
 * tried once.
 */
export async function startRedisServer(
  opts: { aof?: boolean; dir?: string; port?: number; extraArgs?: readonly string[] } = {},
): Promise<RedisServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tra-redis-'));
  const attempts = opts.port === undefined ? 5 : 1;
  for (let attempt = 1; ; attempt += 1) {
    const port = opts.port ?? (await freePort());
    const started = await startOn(port, dir, opts);
    if (started.ok) {
      return started.server;
    }
    // Only a server that exited at start may have lost its port to another process: try again.
    if (started.reason !== 'exited' || attempt >= attempts) {
      if (!opts.dir) {
        rmSync(dir, { recursive: true, force: true });
      }
      throw new Error(failureMessage(started, port, attempt));
    }
  }
}

type StartFailure = { ok: false; reason: 'not-installed' | 'exited' | 'silent'; detail: string };
type StartOutcome = { ok: true; server: RedisServer } | StartFailure;

function failureMessage(failure: StartFailure, port: number, attempt: number): string {
  switch (failure.reason) {
    case 'not-installed':
      return 'redis-server could not be run: is it installed (apt-get install redis-server)?';
    case 'silent':
      return `redis-server did not answer on redis://127.0.0.1:${port}`;
    case 'exited':
      return `redis-server exited at start on port ${port} (${attempt} attempt(s)): is the port taken, or the arguments wrong? (${failure.detail})`;
  }
}

async function startOn(
  port: number,
  dir: string,
  opts: { aof?: boolean; dir?: string; extraArgs?: readonly string[] },
): Promise<StartOutcome> {
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
  // Its log goes to a file in its dir, not to a pipe: a pipe left unread while this process is
  // busy would fill and block the server's writes. The last line says why it exited at start.
  const logFile = join(dir, 'redis.log');
  const child: ChildProcess = spawn('redis-server', [...args, '--logfile', logFile], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const url = `redis://127.0.0.1:${port}`;
  const ready = await waitForPing(url, child, () => spawnError);
  if (typeof ready === 'object') {
    return {
      ok: false,
      reason: 'exited',
      detail: `Address already in use: another redis-server (pid ${ready.takenBy}) answers there`,
    };
  }
  if (ready !== 'ready') {
    const lastLines = lastLinesOf(logFile);
    return { ok: false, reason: ready, detail: lastLines || `exit code ${String(child.exitCode)}` };
  }
  return {
    ok: true,
    server: {
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
    },
  };
}

/**
 * Polls until the server answers PING, and checks that the server answering is this child (not
 * another process's server that bound the port first).
 */
async function waitForPing(
  url: string,
  child: ChildProcess,
  failed: () => Error | undefined,
): Promise<'ready' | 'not-installed' | 'exited' | 'silent' | { takenBy: number }> {
  for (let i = 0; i < 200; i += 1) {
    if (failed()) {
      return 'not-installed';
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      return 'exited';
    }
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      // Something other than Redis may hold the port and never answer: every wait is bounded.
      connectTimeout: 1000,
      commandTimeout: 1000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const info = await client.info('server');
      client.disconnect();
      const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
      if (pid === child.pid) {
        return 'ready';
      }
      // Someone else's server answered on the port: ours could not bind it. Make sure it is gone.
      await killAndWait(child);
      return { takenBy: pid };
    } catch {
      client.disconnect();
      // Polling a starting server: the wait is for readiness, not a timing assumption.
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  await killAndWait(child);
  return 'silent';
}

function lastLinesOf(file: string): string {
  try {
    // Redis says why, then that it aborts: keep both lines.
    return readFileSync(file, 'utf8').trim().split('\n').slice(-2).join(' / ');
  } catch {
    return '';
  }
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
