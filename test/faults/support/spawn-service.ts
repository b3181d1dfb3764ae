import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: processes run from here, so relative RULES_PATHs resolve as in production. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type ProcessKind = 'web' | 'worker' | 'all';

/** The Procfile's entries, as built by `npm run build`. */
const ENTRIES: Readonly<Record<ProcessKind, string>> = {
  web: 'dist/server.js',
  worker: 'dist/worker.js',
  all: 'dist/main.js',
};

/** The log line each kind prints once it is ready (`src/entry/run-process.ts`). */
const READY: Readonly<Record<ProcessKind, string>> = {
  web: 'web listening',
  worker: 'worker started',
  all: 'worker started',
};

/** One pino JSON line of a process's stdout. */
export interface LogLine {
  readonly pid: number;
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Epoch ms the 'exit' event fired. */
  readonly at: number;
}

/** A real service process (`node dist/…`), its log lines and its exit. */
export interface ServiceProcess {
  readonly kind: ProcessKind;
  /** A label for messages and tables (`worker-2`). */
  readonly name: string;
  readonly pid: number;
  /** Every JSON log line so far, in order. */
  readonly logs: readonly LogLine[];
  /** Resolves on the child's 'exit' event. */
  readonly exited: Promise<ExitInfo>;
  readonly running: boolean;
  /** How it exited, once it has. */
  readonly exit: ExitInfo | undefined;
  stderr(): string;
  /** Resolves with the first log line (past or future) that `probe` accepts. */
  waitForLog(
    probe: (line: LogLine) => boolean,
    description: string,
    timeoutMs?: number,
  ): Promise<LogLine>;
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if the process outlives `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

/**
 * Starts `node dist/server.js` (or worker/main) with exactly `env` (plus PATH), and resolves once
 * it logged that it is ready; rejects with its stderr if it exits first.
 *
 * @example
 * const web = await spawnService({ kind: 'web', name: 'web-1', env: { PORT: '4100', ... } });
 */
export async function spawnService(opts: {
  kind: ProcessKind;
  name: string;
  env: Readonly<Record<string, string>>;
}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, ENTRIES[opts.kind])], {
    cwd: REPO_ROOT,
    // Only what the service is told: nothing of the test runner's environment leaks in.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let running = true;
  let exit: ExitInfo | undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = parseLine(text);
    if (line) {
      logs.push(line);
      for (const w of [...waiters]) {
        w();
      }
    }
  });
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      exit = { code, signal, at: Date.now() };
      resolve(exit);
      for (const w of [...waiters]) {
        w();
      }
    });
  });

  const proc: ServiceProcess = {
    kind: opts.kind,
    name: opts.name,
    pid: child.pid ?? -1,
    logs,
    exited,
    get running() {
      return running;
    },
    get exit() {
      return exit;
    },
    stderr: () => stderr,
    waitForLog(probe, description, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < logs.length; seen += 1) {
            const line = logs[seen] as LogLine;
            if (probe(line)) {
              done();
              resolve(line);
              return;
            }
          }
          if (!running) {
            done();
            reject(
              new Error(`${opts.name} exited while waiting for ${description}; stderr:\n${stderr}`),
            );
          }
        };
        // A safety net against a hung run, not a synchronisation device.
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${opts.name}: no log line "${description}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    signal(sig) {
      if (running) {
        child.kill(sig);
      }
    },
    async stop(graceMs = 10_000) {
      proc.signal('SIGTERM');
      const timer = setTimeout(() => proc.signal('SIGKILL'), graceMs);
      const info = await exited;
      clearTimeout(timer);
      return info;
    },
  };
  await proc.waitForLog((l) => l.msg === READY[opts.kind], READY[opts.kind]);
  return proc;
}

function parseLine(text: string): LogLine | null {
  if (!text.startsWith('{')) {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<LogLine>;
    return typeof value.msg === 'string' ? (value as LogLine) : null;
  } catch {
    return null;
  }
}
