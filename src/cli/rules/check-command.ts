import type { CommandIo } from '../shared/command-io.js';
import { formatProblemsWithSource, plural } from '../shared/format-problem-source.js';
import { loadRulesOrReport } from '../shared/load-rules-or-report.js';
import type { Command } from '../shared/command.js';
import { parseAt, parseRulesArgs } from './args.js';
import { reportUsageError } from '../shared/usage-error.js';
import { RULES_CHECK_HELP } from './help.js';
import { resolveRulesPath } from '../shared/rules-path.js';

/**
 * `taskrouter-assigner rules check [PATH] [--strict]`: loads the rules exactly as the service
 * would (and runs their tests); prints every problem, or the warnings and `ok: N rules in M
 * files, K tests passed`. Warnings fail the check only with `--strict`.
 */
export function createRulesCheckCommand(io: CommandIo): Command {
  function run(argv: readonly string[]): number {
    let path: string;
    let now: number | undefined;
    let strict = false;
    try {
      const args = parseRulesArgs(argv, { at: { type: 'string' }, strict: { type: 'boolean' } });
      strict = args.values.strict === true;
      if (args.values.help === true) {
        io.stdout(`${RULES_CHECK_HELP}\n`);
        return 0;
      }
      path = resolveRulesPath(args.path, io.env);
      now = parseAt(args.values.at);
    } catch (err) {
      return reportUsageError(io.stderr, err, 'rules check');
    }
    const loaded = loadRulesOrReport(path, now === undefined ? {} : { now }, io.stdout);
    if (loaded === undefined) {
      return 1;
    }
    const { warnings } = loaded;
    if (warnings.length > 0) {
      io.stdout(`${formatProblemsWithSource(warnings).join('\n')}\n`);
    }
    const rules = plural(loaded.ruleSet.rules.length, 'rule');
    const files = plural(loaded.files.length, 'file');
    const tests = plural(loaded.testResults.length, 'test');
    const warned = warnings.length === 0 ? '' : `, ${plural(warnings.length, 'warning')}`;
    if (strict && warnings.length > 0) {
      io.stdout(`failed (--strict): ${rules} in ${files}, ${tests} passed${warned}\n`);
      return 1;
    }
    io.stdout(`ok: ${rules} in ${files}, ${tests} passed${warned}\n`);
    return 0;
  }
  return (argv) => Promise.resolve(run(argv));
}
