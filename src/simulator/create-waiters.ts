/** Event-driven waiting: a probe re-runs on every change until it yields a value. */
export interface Waiters {
  /** Re-runs every pending probe; call it after anything observable changed. */
  notify(): void;
  /**
   * Resolves with the first truthy value `probe` returns, checked now and after every change;
   * rejects after `timeoutMs` of real time (a safety net, not a synchronisation device).
   */
  waitFor<T>(probe: () => T | null | undefined | false, opts?: WaitOptions): Promise<T>;
  /** Rejects every pending wait (the simulator is closing). */
  cancelAll(reason: string): void;
}

export interface WaitOptions {
  /** @defaultValue 10000 */
  readonly timeoutMs?: number;
  /** Named in the timeout error. */
  readonly description?: string;
}

interface Pending {
  readonly check: () => void;
  readonly fail: (err: Error) => void;
}

export function createWaiters(): Waiters {
  const pending = new Set<Pending>();
  return {
    notify() {
      for (const p of [...pending]) {
        p.check();
      }
    },
    waitFor<T>(probe: () => T | null | undefined | false, opts: WaitOptions = {}) {
      const timeoutMs = opts.timeoutMs ?? 10_000;
      return new Promise<T>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          pending.delete(entry);
        };
        const entry: Pending = {
          check() {
            let value: T | null | undefined | false;
            try {
              value = probe();
            } catch (err) {
              done();
              reject(err instanceof Error ? err : new Error(String(err)));
              return;
            }
            if (value !== null && value !== undefined && value !== false) {
              done();
              resolve(value);
            }
          },
          fail(err) {
            done();
            reject(err);
          },
        };
        const timer = setTimeout(() => {
          entry.fail(
            new Error(
              `waitFor timed out after ${timeoutMs} ms${opts.description ? `: ${opts.description}` : ''}`,
            ),
          );
        }, timeoutMs);
        timer.unref();
        pending.add(entry);
        entry.check();
      });
    },
    cancelAll(reason) {
      for (const p of [...pending]) {
        p.fail(new Error(reason));
      }
    },
  };
}
