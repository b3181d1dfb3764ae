import type { CheckResult } from './check-result.js';

const MARK: Readonly<Record<CheckResult['status'], string>> = {
  ok: 'ok  ',
  fail: 'FAIL',
  warn: 'warn',
  skip: 'skip',
};

/** One line per check, and under each failure what to do. */
export function formatChecklist(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`[${MARK[r.status]}] ${r.name}: ${r.detail}`);
    if (r.fix !== undefined && r.status !== 'ok') {
      lines.push(`       fix: ${r.fix}`);
    }
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  lines.push(failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`);
  return `${lines.join('\n')}\n`;
}
