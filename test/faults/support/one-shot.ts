/** A promise with its resolve function, for one-shot conditions met by callbacks. */
export function oneShot() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
