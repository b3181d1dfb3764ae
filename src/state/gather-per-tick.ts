/**
 * Gathers the calls made during one turn of the event loop and sends them together: the first
 * call schedules a flush with `setImmediate`, which runs after every socket callback of the
 * current poll phase, so the callbacks that arrived together share one write and one read.
 * (ioredis's own auto-pipelining flushes on `process.nextTick`, i.e. after each HTTP request,
 * so it never batches across requests.) Each caller gets its own result or its own error.
 */
export function gatherPerTick<I, O>(
  send: (items: readonly I[]) => Promise<readonly PromiseSettledResult<O>[]>,
): (item: I) => Promise<O> {
  let items: I[] = [];
  let waiters: { resolve: (value: O) => void; reject: (reason: unknown) => void }[] = [];

  function flush(): void {
    const batch = items;
    const settle = waiters;
    items = [];
    waiters = [];
    let sent: Promise<readonly PromiseSettledResult<O>[]>;
    try {
      sent = send(batch);
    } catch (err) {
      // A sender that throws instead of rejecting must not crash the process from setImmediate.
      sent = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    sent.then(
      (results) => {
        for (let i = 0; i < settle.length; i += 1) {
          const result = results[i];
          const waiter = settle[i];
          if (result === undefined) {
            waiter?.reject(new Error('no result for a gathered call'));
          } else if (result.status === 'fulfilled') {
            waiter?.resolve(result.value);
          } else {
            waiter?.reject(result.reason);
          }
        }
      },
      (reason: unknown) => {
        for (const waiter of settle) {
          waiter.reject(reason);
        }
      },
    );
  }

  return function gathered(item: I): Promise<O> {
    if (items.length === 0) {
      setImmediate(flush);
    }
    items.push(item);
    return new Promise<O>((resolve, reject) => {
      waiters.push({ resolve, reject });
    });
  };
}
