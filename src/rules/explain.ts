/**
 * Why the rules decided what they did: every rule's verdict in order and, for each rule that did
 * not match, the sub-expressions that were false with the values seen. Runs the same compiled
 * closures as `decide`, so the two cannot disagree.
 */
import type { CompiledCondition } from './compile-expression.js';
import { INSTRUCTION_CATALOG } from './instruction-catalog.js';
import type { RuleRuntime } from './rule-runtime.js';
import type { SourceLocation } from './rules-problem.js';
import type { CallbackFacts, Decision, ParamValue } from './types.js';

/** A part of a `when` that was false. */
export interface ConditionFailure {
  /** Its source text, e.g. `task.language == "es"`. */
  readonly text: string;
  /** 0-based offsets into the rule's `when`. */
  readonly start: number;
  readonly end: number;
  /** The operand values seen: `[left, right]` for a comparison, `[value]` otherwise. */
  readonly values: readonly unknown[];
  /** In words, e.g. `task.language is "en"`. */
  readonly reason: string;
}

/**
 * - `chosen`: the first rule that matched; it decided.
 * - `shadowed`: matched, but an earlier rule decided.
 * - `not-matched`: its `when` was false (see `failures`).
 * - `param-missing`: matched, but a required param rendered empty, so the next rule was tried.
 * - `disabled`: `when: false`.
 */
export type RuleOutcome = 'chosen' | 'shadowed' | 'not-matched' | 'param-missing' | 'disabled';

export interface RuleExplanation {
  readonly rule: string;
  readonly source: SourceLocation;
  readonly when: string | null;
  readonly outcome: RuleOutcome;
  readonly failures: readonly ConditionFailure[];
  readonly missingParam?: string;
}

export interface Explanation {
  /** The decision `decide` makes, with secret param values masked. */
  readonly decision: Decision;
  readonly rules: readonly RuleExplanation[];
}

export const SECRET_MASK = '[secret]';

function show(value: unknown): string {
  if (value === null || value === undefined) {
    return 'missing (null)';
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function failuresOf(
  node: CompiledCondition,
  facts: CallbackFacts,
  now: number,
): ConditionFailure[] {
  const at = { text: node.text, start: node.start, end: node.end };
  switch (node.kind) {
    case 'all': {
      const first = node.children.find((child) => !child.test(facts, now));
      return first === undefined ? [] : failuresOf(first, facts, now);
    }
    case 'any':
      return node.children.flatMap((child) => failuresOf(child, facts, now));
    case 'compare': {
      const values = [node.left(facts, now), node.right(facts, now)];
      const sides = [
        node.leftText === null ? '' : `${node.leftText} is ${show(values[0])}`,
        node.rightText === null ? '' : `${node.rightText} is ${show(values[1])}`,
      ].filter((side) => side !== '');
      return [{ ...at, values, reason: sides.length === 0 ? 'false' : sides.join(', ') }];
    }
    case 'value': {
      const value = node.read(facts, now);
      const reason = node.describe?.(now) ?? `${node.text} is ${show(value)}`;
      return [{ ...at, values: [value], reason }];
    }
  }
}

/** The decision with every secret param (catalog `secret: true`) replaced by `[secret]`. */
export function maskSecrets(decision: Decision): Decision {
  const { instruction } = decision;
  const catalog = instruction === null ? {} : INSTRUCTION_CATALOG[instruction.kind];
  const secrets = Object.keys(instruction?.params ?? {}).filter(
    (name) => catalog[name]?.secret === true,
  );
  if (instruction === null || secrets.length === 0) {
    return decision;
  }
  const params: Record<string, ParamValue> = { ...instruction.params };
  secrets.forEach((name) => (params[name] = SECRET_MASK));
  return { ...decision, instruction: { kind: instruction.kind, params } };
}

function explainRule(
  rule: RuleRuntime,
  facts: CallbackFacts,
  now: number,
  decided: boolean,
): { explanation: RuleExplanation; decision?: Decision } {
  const base = { rule: rule.info.name, source: rule.info.source, when: rule.info.when };
  if (rule.disabled) {
    return { explanation: { ...base, outcome: 'disabled', failures: [] } };
  }
  if (rule.condition !== null && !rule.condition.test(facts, now)) {
    return {
      explanation: {
        ...base,
        outcome: 'not-matched',
        failures: failuresOf(rule.condition, facts, now),
      },
    };
  }
  if (decided) {
    return { explanation: { ...base, outcome: 'shadowed', failures: [] } };
  }
  const decision = rule.decision(facts);
  if (typeof decision === 'string') {
    return {
      explanation: { ...base, outcome: 'param-missing', failures: [], missingParam: decision },
    };
  }
  return { explanation: { ...base, outcome: 'chosen', failures: [] }, decision };
}

/** Explains the decision `rules` (in order) make for `facts` at `now`. */
export function explain(
  rules: readonly RuleRuntime[],
  noMatch: Decision,
  facts: CallbackFacts,
  now: number,
): Explanation {
  let decision: Decision | undefined;
  const explanations = rules.map((rule) => {
    const result = explainRule(rule, facts, now, decision !== undefined);
    decision ??= result.decision;
    return result.explanation;
  });
  return { decision: maskSecrets(decision ?? noMatch), rules: explanations };
}
