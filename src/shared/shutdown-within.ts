import type { Logger } from './logger.js';

export interface ShutdownStep {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/**
 * Runs the shutdown steps in order, each bounded by what is left of `graceMs`, so a hung close
 * (a `worker.close()` waiting on a stuck job, a Redis that never answers QUIT) cannot hang the
 * exit. Resolves `clean` when every step finished in time.
 */
export async function shutdownWithin(
  graceMs: number,
  steps: readonly ShutdownStep[],
  log: Logger,
  now: () => number,
): Promise<'clean' | 'timeout'> {
  const until = now() + graceMs;
  let outcome: 'clean' | 'timeout' = 'clean';
  for (const step of steps) {
    const left = Math.max(0, until - now());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), left);
    });
    const result = await Promise.race([
      step.run().then(
        () => 'ok' as const,
        (err: unknown) => {
          log.warn({ step: step.name, err: (err as Error).message }, 'shutdown step failed');
          return 'ok' as const;
        },
      ),
      timedOut,
    ]);
    clearTimeout(timer);
    if (result === 'timeout') {
      log.warn({ step: step.name }, 'shutdown step ran out of time');
      outcome = 'timeout';
    }
  }
  return outcome;
}
