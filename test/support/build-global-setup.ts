import { buildIfStale } from './build-if-stale.js';

/** Integration tests that spawn `node dist/...` or `bin/` get a dist/ built from the current src/. */
export default function setup(): void {
  buildIfStale('integration');
}
