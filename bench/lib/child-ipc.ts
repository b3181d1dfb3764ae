import { fork, type ChildProcess } from 'node:child_process';

type Reply<R> = { type: 'result'; result: R } | { type: 'error'; message: string };

/** A forked TypeScript helper (run through tsx) that answers one request at a time over IPC. */
export interface IpcChild {
  readonly pid: number;
  call<R>(msg: object): Promise<R>;
  /** Asks the child to exit; kills it if it has not within `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

/** Forks `script` with the tsx loader and resolves once it says it is ready. */
export async function forkIpcChild(
  script: string,
  execArgv: readonly string[] = [],
): Promise<IpcChild> {
  const child: ChildProcess = fork(script, [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited at start (${code})`)));
  });
  return {
    pid: child.pid ?? 0,
    call<R>(msg: object): Promise<R> {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`${script} exited (${code})`));
        child.once('exit', onExit);
        child.once('message', (reply: Reply<R>) => {
          child.off('exit', onExit);
          if (reply.type === 'result') {
            resolve(reply.result);
          } else {
            reject(new Error(reply.message));
          }
        });
        child.send(msg);
      });
    },
    async close(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      if (child.connected) {
        child.send({ type: 'exit' });
      } else {
        child.kill('SIGTERM');
      }
      await exited;
      clearTimeout(kill);
    },
  };
}

/**
 * The child's side of `forkIpcChild`: answers a `start` message with `start`, any other but
 * `exit` with `run` (its result, or its error), says it is ready, and on `exit` runs `close`
 * (which exits the process).
 */
export function serveIpcRequests<
  S extends { readonly type: 'start' },
  R extends { readonly type: string },
>(
  handlers: { start(msg: S): Promise<unknown>; run(msg: R): Promise<unknown> },
  close: () => void,
): void {
  if (process.send === undefined) {
    return;
  }
  process.on('message', (msg: S | R | { type: 'exit' }) => {
    if (msg.type === 'exit') {
      close();
      return;
    }
    const work = msg.type === 'start' ? handlers.start(msg as S) : handlers.run(msg as R);
    void work.then(
      (result) => process.send?.({ type: 'result', result }),
      (err: unknown) => process.send?.({ type: 'error', message: String(err) }),
    );
  });
  process.send({ type: 'ready' });
}
