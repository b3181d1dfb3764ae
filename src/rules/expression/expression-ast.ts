/**
 * The syntax tree of a TaskRouter expression. Every node keeps its source span, so errors and
 * `explain()` can quote the text a person wrote.
 */
import type { OperatorName } from './operators.js';

/** 0-based offsets into the expression text, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The three objects a path can start from (design.md §5). */
export const PATH_ROOTS = ['task', 'worker', 'callback'] as const;
/** `task`, `worker` or `callback`. */
export type PathRoot = (typeof PATH_ROOTS)[number];

/** The value of a literal as written: string, number, `true`/`false` or `null`. */
export type LiteralValue = string | number | boolean | null;

/** `"voice"`, `42`, `-2.5`, `true`, `null`. */
export interface LiteralNode extends Span {
  readonly type: 'literal';
  readonly value: LiteralValue;
}

/** `["en", "es"]`: literals only, so it can be a precompiled set. */
export interface ArrayNode extends Span {
  readonly type: 'array';
  readonly items: readonly LiteralNode[];
}

/** `task.a.b[2]`: attribute names are strings, `[n]` indexes are numbers. */
export interface PathNode extends Span {
  readonly type: 'path';
  readonly root: PathRoot;
  readonly segments: readonly (string | number)[];
}

/** `within("Mon-Fri 09:00-17:00", "Europe/Berlin")`: arguments are literals only. */
export interface CallNode extends Span {
  readonly type: 'call';
  readonly name: string;
  readonly args: readonly LiteralNode[];
}

/** Anything that has a value. */
export type OperandNode = LiteralNode | ArrayNode | PathNode | CallNode;

/** `left op right`. */
export interface CompareNode extends Span {
  readonly type: 'compare';
  readonly op: OperatorName;
  readonly left: OperandNode;
  readonly right: OperandNode;
}

/** `AND` / `OR` over two or more conditions (flattened, so `a AND b AND c` is one node). */
export interface LogicalNode extends Span {
  readonly type: 'and' | 'or';
  readonly operands: readonly ConditionNode[];
}

/** A condition that is a single operand: a boolean path, `true`/`false`, or a function call. */
export interface BareNode extends Span {
  readonly type: 'bare';
  readonly operand: PathNode | LiteralNode | CallNode;
}

/** Anything that is true or false. */
export type ConditionNode = CompareNode | LogicalNode | BareNode;
