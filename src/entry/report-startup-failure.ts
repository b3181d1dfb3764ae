/* eslint-disable no-console -- the logger may not exist yet when start-up fails */

/** Prints why the process could not start (bad config, bad rules) and exits non-zero. */
export function reportStartupFailure(err: unknown): never {
  console.error(`taskrouter-assigner could not start:\n${(err as Error).message ?? String(err)}`);
  process.exit(1);
}
