/**
 * Why a chosen rule matched, told without a single value: the rule, where it is written, and its
 * `when` reduced to paths, functions and operators. Literals are masked because a literal of a
 * rule that matched with `==` or `IN` is the callback's own attribute value (a phone number, a
 * contact URI); the rules file itself (at `source`) has them for whoever may read it.
 */
import type { SourceLocation } from '../compile/rules-problem.js';
import type { ConditionNode, OperandNode } from '../expression/expression-ast.js';
import { parseExpression } from '../expression/parse-expression.js';
import type { CompiledRule } from '../rule-set.js';
import type { InstructionKind, Mode } from '../types.js';

/** Stands in for every literal value. */
export const VALUE_MASK = '…';

/** One comparison (or bare test) of a `when`: what it reads and how it compares. */
export interface MatchedCondition {
  /** A path (`task.language`), a function (`within(…)`), or the masked literal. */
  readonly left: string;
  /** `==`, `IN`…; `is true` for a bare path or function. */
  readonly operator: string;
  /** The other side, masked when it is a literal; absent for a bare test. */
  readonly right?: string;
}

/** What `rules explain` says of the chosen rule, without values. */
export interface RuleMatch {
  readonly rule: string;
  readonly outcome: 'chosen';
  readonly source: SourceLocation;
  readonly instruction: InstructionKind;
  readonly mode: Mode;
  readonly delaySeconds: number;
  /** The `when` with every literal masked; null when the rule has none (it always matches). */
  readonly when: string | null;
  /** Every comparison that held, in the order written (all of an AND; the parts of an OR). */
  readonly conditions: readonly MatchedCondition[];
}

function operand(node: OperandNode): string {
  switch (node.type) {
    case 'path':
      return [
        node.root,
        ...node.segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)),
      ].join('');
    case 'call':
      return `${node.name}(${node.args.length > 0 ? VALUE_MASK : ''})`;
    case 'array':
      return `[${VALUE_MASK}]`;
    case 'literal':
      return VALUE_MASK;
  }
}

function conditionsOf(node: ConditionNode): MatchedCondition[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.operands.flatMap(conditionsOf);
    case 'compare':
      return [{ left: operand(node.left), operator: node.op, right: operand(node.right) }];
    case 'bare':
      return [{ left: operand(node.operand), operator: 'is true' }];
  }
}

function textOf(node: ConditionNode, nested: boolean): string {
  switch (node.type) {
    case 'and':
    case 'or': {
      const joined = node.operands
        .map((child) => textOf(child, true))
        .join(node.type === 'and' ? ' AND ' : ' OR ');
      // AND binds tighter than OR: an OR inside an AND needs its parentheses back.
      return nested && node.type === 'or' ? `(${joined})` : joined;
    }
    case 'compare':
      return `${operand(node.left)} ${node.op} ${operand(node.right)}`;
    case 'bare':
      return operand(node.operand);
  }
}

/** The masked account of why `rule`, chosen, matched. */
export function describeMatch(rule: CompiledRule): RuleMatch {
  const base = {
    rule: rule.name,
    outcome: 'chosen' as const,
    source: rule.source,
    instruction: rule.instruction,
    mode: rule.mode,
    delaySeconds: rule.delaySeconds,
  };
  if (rule.when === null) {
    return { ...base, when: null, conditions: [] };
  }
  const parsed = parseExpression(rule.when);
  // It compiled once, so it parses; should it not, say nothing rather than leak the text.
  if (!parsed.ok) {
    return { ...base, when: VALUE_MASK, conditions: [] };
  }
  return { ...base, when: textOf(parsed.node, false), conditions: conditionsOf(parsed.node) };
}
