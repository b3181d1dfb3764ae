import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../support/build-if-stale.js';
import { formatTable, loadRows, type ScenarioRow } from './results.js';
import { REPO_ROOT } from './spawn-service.js';

declare module 'vitest' {
  export interface ProvidedContext {
    faultsResultsDir: string;
  }
}

/**
 * The fault suite runs the built processes, so dist/ is rebuilt first when it is missing or
 * older than any source. Each scenario leaves a row in a scratch folder; the teardown prints
 * the table and writes it to bench/results/faults.md.
 */
export default function setup(project: TestProject): () => void {
  buildIfStale('faults');
  const dir = mkdtempSync(join(tmpdir(), 'tra-faults-results-'));
  project.provide('faultsResultsDir', dir);
  const started = Date.now();
  return () => {
    const rows = loadRows(dir);
    rmSync(dir, { recursive: true, force: true });
    if (rows.length === 0) {
      return;
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const table = formatTable(rows);
    console.log(`\nFault-injection suite (${seconds} s)\n\n${table}\n`);
    // A partial run (one file, a filter) prints its rows but keeps the last full run's report.
    const scenarios = readdirSync(join(REPO_ROOT, 'test/faults')).filter((f) =>
      f.endsWith('.fault.test.ts'),
    );
    if (rows.length < scenarios.length) {
      console.log(
        `partial run (${rows.length} of ${scenarios.length} scenarios): bench/results/faults.md left as it was`,
      );
      return;
    }
    mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'bench/results/faults.md'), report(rows, table, seconds));
  };
}

function report(rows: readonly ScenarioRow[], table: string, seconds: number): string {
  const notes = rows.map((r) => `- **${r.scenario}**: ${r.notes}`).join('\n');
  return `# Fault-injection suite

\`npm run test:faults\` (\`vitest run --project faults\`): real \`node dist/server.js\` and
\`node dist/worker.js\` processes, a private \`redis-server\` with AOF (appendfsync always), and the
TaskRouter simulator with its fault knobs. Each scenario sends a few hundred signed Assignment
Callbacks (test/fixtures/rules/faults.yaml: async, a mix of the six instructions, 25 s reservation
timeout) and checks the simulator's ledger and the reservation records in Redis.

Last run: ${new Date().toISOString()}, ${seconds} s, ${cpus().length} CPUs (load average ${loadavg()[1]?.toFixed(1)} over the last
5 minutes: latencies depend on what else the machine runs), Node ${process.version}.

${table}

Columns: **updated in time**: exactly one REST update took effect, before the record's deadline.
**inline (degraded)**: Redis was unreachable, so the callback response carried the instruction.
**expired** / **not pending** / **failed**: no update, and the record is terminal with reason
\`deadline\` / \`event\` or \`not-pending\` / \`rejected\`. **duplicates prevented**: second deliveries
absorbed by the claim, plus updates that reconciliation (a fetch) found had already taken effect,
so they were not sent again. **lost**: anything else (must be 0). **p99 update ms**: callback sent
→ update applied at the simulator. **max answer ms**: the slowest callback answer.

Invariants checked in every scenario (the suite fails on any breach): every callback answered
200; no reservation updated twice; no update sent without If-Match after an earlier one took
effect; every applied update before its deadline; no reservation lost; records agree with the
simulator; no OpenAPI violations. Scenarios (g)–(j): every answer within \`CALLBACK_BUDGET_MS\`
(2000 ms).

${notes}
`;
}
