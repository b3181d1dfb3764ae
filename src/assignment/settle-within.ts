/**
 * The value of `promise` if it resolves within `ms`, else undefined (also when it rejects). The
 * promise itself goes on; only the wait for it ends. The one timer is cleared as soon as either
 * side settles, so nothing lingers after the answer.
 */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms, undefined);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
