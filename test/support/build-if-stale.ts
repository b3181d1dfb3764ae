import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// tsc rewrites every output on each build, so the oldest entry tells when dist/ was last built.
const ENTRIES = ['dist/server.js', 'dist/worker.js', 'dist/main.js', 'dist/cli.js'];

/**
 * Tests that run the built processes or the CLI (`node dist/...`, `bin/`) need a dist/ that
 * matches src/: it is rebuilt when missing or older than any source or tsconfig, so a fresh
 * clone can run `npm run test:integration` or `npm run test:faults` without `npm run build`.
 */
export function buildIfStale(project: string): void {
  const oldestBuilt = Math.min(...ENTRIES.map((f) => mtime(join(REPO_ROOT, f))));
  const newestSource = Math.max(
    newestIn(join(REPO_ROOT, 'src')),
    mtime(join(REPO_ROOT, 'tsconfig.json')),
    mtime(join(REPO_ROOT, 'tsconfig.build.json')),
  );
  if (oldestBuilt > newestSource) {
    return;
  }
  console.log(`${project}: dist/ is missing or stale; building (npx tsc -p tsconfig.build.json)`);
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`${project}: the build failed; fix the type errors above (npm run build)`);
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : mtime(path));
  }
  return newest;
}
