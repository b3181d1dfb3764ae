import { loadRules, type LoadedRules } from '../../config/load-rules.js';
import { RulesLoadError } from '../../config/rules-load-error.js';
import { fail, ok, type CheckResult } from './check-result.js';

/** The rules load as the service loads them, and their own tests pass. */
export function checkRules(
  path: string,
  now: number,
): { result: CheckResult; rules?: LoadedRules } {
  try {
    const rules = loadRules(path, { now });
    return {
      result: ok(
        'rules load and their tests pass',
        `${path}: ${rules.ruleSet.rules.length} rule(s), ${rules.testResults.length} test(s) passed`,
      ),
      rules,
    };
  } catch (err) {
    const detail =
      err instanceof RulesLoadError
        ? `${path}: ${err.problems.length} problem(s), first: ${err.message.split('\n')[1]?.trim() ?? ''}`
        : `${path}: ${(err as Error).message}`;
    return {
      result: fail(
        'rules load and their tests pass',
        detail,
        `run \`taskrouter-assigner rules check ${path}\` and fix what it prints`,
      ),
    };
  }
}
