/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes text as given: the command ends its own lines. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Aborted by Ctrl-C or SIGTERM: a long-running command stops early and reports what it saw. */
  readonly signal?: AbortSignal;
}

/**
 * The process's environment and standard streams; with `signals`, Ctrl-C and SIGTERM abort
 * `signal` instead of killing the process at once.
 */
export function processIo(opts: { readonly signals?: boolean } = {}): CommandIo {
  const io = {
    env: process.env,
    stdout: (text: string) => void process.stdout.write(text),
    stderr: (text: string) => void process.stderr.write(text),
  };
  if (opts.signals !== true) {
    return io;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  return { ...io, signal: stop.signal };
}
