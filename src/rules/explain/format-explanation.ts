import type { Explanation, RuleExplanation } from './explanation.js';

function formatRule(rule: RuleExplanation): string[] {
  const where = `${rule.source.file}:${rule.source.line}`;
  const head = `${rule.outcome.padEnd(13)} ${rule.rule} (${where})`;
  const { skip } = rule;
  const missing =
    skip === undefined
      ? []
      : rule.outcome === 'param-missing'
        ? [`    required param '${skip.param}' rendered empty`]
        : [`    param '${skip.param}' refused: ${skip.reason}`];
  return [
    head,
    ...rule.failures.map((failure) => `    ${failure.text}  ←  ${failure.reason}`),
    ...missing,
  ];
}

/** Prints an explanation for a terminal: one line per rule, then the decision. */
export function formatExplanation(explanation: Explanation): string {
  const { decision } = explanation;
  const instruction =
    decision.instruction === null
      ? 'leave (no instruction)'
      : `${decision.instruction.kind} ${JSON.stringify(decision.instruction.params)}`;
  const rule = decision.rule ?? '(no rule matched)';
  const delay = decision.delaySeconds > 0 ? `, delay ${decision.delaySeconds}s` : '';
  return [
    ...explanation.rules.flatMap(formatRule),
    `decision: ${rule} → ${instruction}, ${decision.mode}${delay}`,
  ].join('\n');
}
