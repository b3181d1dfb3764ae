import { formatRulesProblem, type RulesProblem } from '../rules/compile/rules-problem.js';

/** Lists problems one per line as `file:line:column [rule] message (hint)`. */
export function formatRulesProblems(problems: readonly RulesProblem[]): string {
  return problems.map(formatRulesProblem).join('\n');
}

/**
 * The rules at a path could not be loaded. Carries every problem found; the message lists them
 * all, so a process that stops on it tells the operator everything to fix in one go.
 */
export class RulesLoadError extends Error {
  readonly code = 'ERR_RULES_INVALID';
  readonly problems: readonly RulesProblem[];

  constructor(path: string, problems: readonly RulesProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`rules at ${path} are invalid (${count}):\n${formatRulesProblems(problems)}`);
    this.name = new.target.name;
    this.problems = problems;
  }
}
