import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of the suite's table (bench/results/faults.md). */
export interface ScenarioRow {
  readonly scenario: string;
  readonly callbacks: number;
  /** Updated over REST exactly once, before the deadline. */
  readonly updated: number;
  /** Instructed by the callback response (degraded mode: Redis was down). */
  readonly inline: number;
  readonly expired: number;
  /** Skipped: an event or a fetch said the reservation was no longer pending. */
  readonly notPending: number;
  /** TaskRouter refused the update while the reservation was pending. */
  readonly failed: number;
  /** Second deliveries absorbed, plus updates found already applied by reconciliation. */
  readonly duplicatesPrevented: number;
  readonly lost: number;
  /** Callback sent → update applied, 99th percentile. */
  readonly p99Ms: number;
  /** The slowest callback answer. */
  readonly maxAnswerMs: number;
  /** What the scenario did to the service, in a few words. */
  notes: string;
}

const COLUMNS: readonly [keyof ScenarioRow, string][] = [
  ['scenario', 'scenario'],
  ['callbacks', 'callbacks'],
  ['updated', 'updated in time'],
  ['inline', 'inline (degraded)'],
  ['expired', 'expired'],
  ['notPending', 'not pending'],
  ['failed', 'failed'],
  ['duplicatesPrevented', 'duplicates prevented'],
  ['lost', 'lost'],
  ['p99Ms', 'p99 update ms'],
  ['maxAnswerMs', 'max answer ms'],
];

/** Writes a row where the global setup's teardown will find it (one file per scenario). */
export function saveRow(dir: string, row: ScenarioRow): void {
  const file = row.scenario.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  writeFileSync(join(dir, `${file}.json`), JSON.stringify(row));
}

export function loadRows(dir: string): ScenarioRow[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ScenarioRow);
}

/** A Markdown table, padded so it also reads well in a terminal. */
export function formatTable(rows: readonly ScenarioRow[]): string {
  const cells = rows.map((r) => COLUMNS.map(([key]) => String(r[key])));
  const widths = COLUMNS.map(([, title], i) =>
    Math.max(title.length, ...cells.map((c) => (c[i] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(COLUMNS.map(([, t]) => t)), rule, ...cells.map(line)].join('\n');
}
