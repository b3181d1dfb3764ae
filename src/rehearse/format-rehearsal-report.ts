import { TIMEOUT_CAUSE_TEXT } from './classify-timeout.js';
import {
  OUTCOMES,
  TIMEOUT_CAUSES,
  type Breakdown,
  type Outcome,
  type RehearsalReport,
  type SettleTimes,
} from './rehearsal-report.js';

const ms = (value: number | null) => (value === null ? '-' : `${Math.round(value)}`);
const list = (counts: Readonly<Record<string, number | undefined>>) =>
  Object.entries(counts)
    .filter(([, n]) => n !== undefined && n > 0)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';

function settleText(s: SettleTimes): string {
  return s.count === 0 ? '-' : `${ms(s.p50Ms)} / ${ms(s.p95Ms)} ms`;
}

/** The outcome columns worth a column: the usual three, and the others when they occurred. */
function columns(report: RehearsalReport): Outcome[] {
  const always: readonly Outcome[] = ['accepted', 'rejected', 'timeout'];
  return OUTCOMES.filter((o) => always.includes(o) || report.reservations.byOutcome[o] > 0);
}

function table(title: string, rows: ReadonlyArray<[string, Breakdown]>, cols: Outcome[]): string[] {
  const width = Math.max(title.length, ...rows.map(([label]) => label.length + 2));
  const head = [title.padEnd(width), 'total'.padStart(6), ...cols.map((c) => c.padStart(10))];
  const lines = [`${head.join('')}  settle p50 / p95`];
  for (const [label, b] of rows) {
    const cells = [`  ${label}`.padEnd(width), String(b.total).padStart(6)];
    cells.push(...cols.map((c) => String(b.outcomes[c]).padStart(10)));
    lines.push(`${cells.join('')}  ${settleText(b.settle)}`);
  }
  return lines;
}

function header(r: RehearsalReport): string[] {
  const { scenario: s } = r;
  const timeouts = s.workflows
    .map(
      (w) => `${w.name} ${w.reservationTimeoutSeconds} s (${Math.round(w.realTimeoutMs)} ms real)`,
    )
    .join(', ');
  return [
    `rehearsal of ${r.rules.path} (${r.rules.rules} rules, version ${r.rules.version}) with ${s.path}`,
    `  ${s.durationSeconds} s of simulated arrivals at speed ${s.speed} (seed ${s.seed}), ${r.realSeconds.toFixed(1)} s real`,
    `  reservation timeouts: ${timeouts}`,
    '',
    `tasks         ${list(r.tasks)}`,
    `reservations  ${r.reservations.total}: ${list(r.reservations.byStatus)}`,
  ];
}

function causes(r: RehearsalReport): string[] {
  const { timeouts: t, rejections: j } = r;
  const lines = [
    `timeouts      ${t.total}${t.total > 0 ? ` (task offered again for ${t.reOffered})` : ''}`,
  ];
  for (const cause of TIMEOUT_CAUSES) {
    if (t.byCause[cause] > 0) {
      const e = t.examples[cause]?.[0];
      lines.push(
        `  ${String(t.byCause[cause]).padStart(5)}  ${TIMEOUT_CAUSE_TEXT[cause]}${e ? ` (e.g. ${e})` : ''}`,
      );
    }
  }
  lines.push(
    `rejections    ${j.total}${j.total > 0 ? ` (task offered again for ${j.reOffered}): ${list(j.byRule)}` : ''}`,
  );
  return lines;
}

function footer(r: RehearsalReport): string[] {
  const { settle: s, callbacks: c, rest } = r;
  const errors = Object.keys(rest.errorsByStatus).length > 0 ? list(rest.errorsByStatus) : 'none';
  return [
    `settle time   callback sent → settled, real ms: p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}, p99 ${ms(s.p99Ms)}, max ${ms(s.maxMs)} (n=${s.count})`,
    `callbacks     ${c.assignment} (inline ${c.inline}, deferred ${c.deferred}, failed ${c.failed}, fallback ${c.fallback}); events ${c.events}`,
    `REST          ${rest.requests} requests, ${rest.appliedUpdates} updates applied; errors by status: ${errors}; OpenAPI violations ${rest.violations}`,
    ...(Object.keys(rest.updateErrors).length > 0
      ? [`  update errors: ${list(rest.updateErrors)}`]
      : []),
    ...r.violations.map(
      (v) => `  violation: ${v.method} ${v.path} ${v.field ? `${v.field}: ` : ''}${v.message}`,
    ),
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
}

/** The rehearsal report for a terminal. */
export function formatRehearsalReport(r: RehearsalReport): string {
  const cols = columns(r);
  const instruction = (i: RehearsalReport['byInstruction'][number]) =>
    i.mode === null ? i.instruction : `${i.instruction} (${i.mode})`;
  return [
    ...header(r),
    '',
    ...table(
      'by rule',
      r.byRule.map((row) => [row.label, row]),
      cols,
    ),
    '',
    ...table(
      'by instruction',
      r.byInstruction.map((row) => [instruction(row), row]),
      cols,
    ),
    '',
    ...causes(r),
    ...footer(r),
  ].join('\n');
}
