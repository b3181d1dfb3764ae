import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ACCOUNT_SID, BENCH_AUTH_TOKEN } from './payloads.js';
import { freePort, startNodeReady, type BenchProcess } from './processes.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RULES = {
  async: join(ROOT, 'bench/rules/async.yaml'),
  inline: join(ROOT, 'bench/rules/inline.yaml'),
} as const;

export interface ServiceProcessOptions {
  readonly kind: 'web' | 'worker';
  readonly mode: 'async' | 'inline';
  readonly redisUrl: string;
  /** Where REST calls go (the simulator); an unused loopback port when nothing should call out. */
  readonly taskrouterBaseUrl: string;
  readonly logDir: string;
  readonly logLevel: string;
  readonly redisPrefix: string;
  /** `node --cpu-prof` into this folder. */
  readonly cpuProfDir?: string | undefined;
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** @defaultValue a free port */
  readonly port?: number;
  /** The build to run (a folder holding server.js and worker.js). @defaultValue dist/ */
  readonly distDir?: string | undefined;
  /** The process's name in reports and its log file's. @defaultValue web-<mode> or worker */
  readonly name?: string;
  /** Node flags before the script. @defaultValue the Procfile's for the same process */
  readonly nodeArgs?: readonly string[];
}

/**
 * The node flags the Procfile starts a process with (the heap ceiling), so the bench measures
 * the service as it is deployed.
 */
export function procfileNodeArgs(kind: 'web' | 'worker'): string[] {
  const line = readFileSync(join(ROOT, 'Procfile'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${kind}:`));
  const words = (line ?? '')
    .slice(kind.length + 1)
    .trim()
    .split(/\s+/);
  return words[0] === 'node'
    ? words.slice(
        1,
        words.findIndex((w) => w.endsWith('.js')),
      )
    : [];
}

/**
 * Starts `dist/server.js` or `dist/worker.js` as a real process (built by `npm run build`), with
 * NODE_ENV=production as the Dockerfile and systemd units run them, and waits until it answers
 * `/healthz` (the worker's on METRICS_PORT).
 */
export async function startServiceProcess(
  opts: ServiceProcessOptions,
): Promise<BenchProcess & { port: number; url: string; readyMs: number }> {
  // A port chosen here may still be bound by another process before the child binds it; then the
  // child exits with EADDRINUSE and is started again on another. A port given by the caller is
  // tried once.
  const attempts = opts.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt += 1) {
    const port = opts.port ?? (await freePort());
    try {
      return await startServiceOn(port, opts);
    } catch (err) {
      if (attempt >= attempts || !(err instanceof PortTakenError)) {
        throw err;
      }
    }
  }
}

class PortTakenError extends Error {}

async function startServiceOn(
  port: number,
  opts: ServiceProcessOptions,
): Promise<BenchProcess & { port: number; url: string; readyMs: number }> {
  const url = `http://127.0.0.1:${port}`;
  const name = opts.name ?? (opts.kind === 'web' ? `web-${opts.mode}` : 'worker');
  const dist = opts.distDir ?? join(ROOT, 'dist');
  try {
    const proc = await startNodeReady({
      name,
      healthUrl: `${url}/healthz`,
      script: join(dist, opts.kind === 'web' ? 'server.js' : 'worker.js'),
      logFile: join(opts.logDir, `${name}.log`),
      execArgv: [
        ...(opts.nodeArgs ?? procfileNodeArgs(opts.kind)),
        ...cpuProfArgs(opts.cpuProfDir, name),
      ],
      env: {
        NODE_ENV: 'production',
        ...(opts.kind === 'web' ? { PORT: String(port) } : { METRICS_PORT: String(port) }),
        PUBLIC_BASE_URL: url,
        TWILIO_ACCOUNT_SID: BENCH_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: BENCH_AUTH_TOKEN,
        // Required with NODE_ENV=production; a fixed key, as the bench's data is made up.
        SEALING_KEYS: 'bench-sealing-key-not-a-secret-0123456789',
        TASKROUTER_BASE_URL: opts.taskrouterBaseUrl,
        REDIS_URL: opts.redisUrl,
        REDIS_PREFIX: opts.redisPrefix,
        RULES_PATH: RULES[opts.mode],
        LOG_LEVEL: opts.logLevel,
        ...opts.extraEnv,
      },
    });
    return { ...proc, port, url };
  } catch (err) {
    // startNodeReady stopped it; its log says whether the port was taken first.
    if (err instanceof Error && err.message.includes('EADDRINUSE')) {
      throw new PortTakenError(`port ${port} was taken before ${name} could listen on it`, {
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * `node --cpu-prof` flags writing into `dir/name/` at exit (Node names the files by pid and
 * thread, so the tsx loader thread of a TypeScript child gets a file of its own); none without
 * a dir.
 */
export function cpuProfArgs(dir: string | undefined, name: string): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`] : [];
}
