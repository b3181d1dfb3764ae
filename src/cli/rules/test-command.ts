import type { RuleSet } from '../../rules/rule-set.js';
import { runRuleTests, type RuleTestResult } from '../../rules/tests/run-rule-tests.js';
import type { Decision } from '../../rules/types.js';
import type { CommandIo } from '../shared/command-io.js';
import { loadRulesOrReport } from '../shared/load-rules-or-report.js';
import type { Command } from '../shared/command.js';
import { parseAt, parseRulesArgs } from './args.js';
import { reportUsageError } from '../shared/usage-error.js';
import { RULES_TEST_HELP } from './help.js';
import { resolveRulesPath } from '../shared/rules-path.js';

/** `everything-else → accept {} (async)`: what the rules actually decided for a case. */
function describeDecision(decision: Decision): string {
  const rule = decision.rule ?? '(no rule matched)';
  const what =
    decision.instruction === null
      ? 'leave (no instruction)'
      : `${decision.instruction.kind} ${JSON.stringify(decision.instruction.params)}`;
  const delay = decision.delaySeconds > 0 ? `, delay ${decision.delaySeconds}s` : '';
  return `${rule} → ${what} (${decision.mode}${delay})`;
}

function where(result: RuleTestResult): string {
  const { file, line, column } = result.test.source;
  return `${file}:${line}:${column}`;
}

function failureLines(result: RuleTestResult, ruleSet: RuleSet, now: number): string[] {
  const { test } = result;
  // explain() decides as decide() does, with secret params masked for printing.
  const decided = ruleSet.explain(test.facts, test.at ?? now).decision;
  return [
    `FAIL ${where(result)} ${test.name}`,
    ...result.failures.map((failure) => `     ${failure}`),
    `     decided: ${describeDecision(decided)}`,
  ];
}

/**
 * `taskrouter-assigner rules test [PATH]`: runs the rules files' `tests:` and prints each failure
 * (expected and actual), then `N passed, N failed`. Exit status 1 on any failure.
 */
export function createRulesTestCommand(io: CommandIo): Command {
  function run(argv: readonly string[]): number {
    let path: string;
    let now: number;
    let verbose: boolean;
    try {
      const args = parseRulesArgs(argv, { at: { type: 'string' }, verbose: { type: 'boolean' } });
      if (args.values.help === true) {
        io.stdout(`${RULES_TEST_HELP}\n`);
        return 0;
      }
      path = resolveRulesPath(args.path, io.env);
      now = parseAt(args.values.at) ?? Date.now();
      verbose = args.values.verbose === true;
    } catch (err) {
      return reportUsageError(io.stderr, err, 'rules test');
    }
    // The cases are run here, not by the loader, so that failures are reported as test results.
    const loaded = loadRulesOrReport(path, { now, runTests: false }, io.stdout);
    if (loaded === undefined) {
      return 1;
    }
    const results = runRuleTests(loaded.ruleSet, loaded.tests, now);
    const failed = results.filter((result) => !result.passed);
    const lines = results.flatMap((result) => {
      if (!result.passed) {
        return failureLines(result, loaded.ruleSet, now);
      }
      return verbose ? [`ok   ${where(result)} ${result.test.name}`] : [];
    });
    if (results.length === 0) {
      lines.push(`no test cases in ${loaded.files.join(', ')} (add a tests: section)`);
    }
    lines.push(`${results.length - failed.length} passed, ${failed.length} failed`);
    io.stdout(`${lines.join('\n')}\n`);
    return failed.length > 0 ? 1 : 0;
  }
  return (argv) => Promise.resolve(run(argv));
}
