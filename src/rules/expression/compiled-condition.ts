/**
 * The shape of a compiled `when`: a tree of closures mirroring the syntax tree, each node with
 * its source text, so `decide` runs the closures and `explain` can also say which part was false.
 */
import type { Discriminator } from '../compile/discriminator.js';
import type { Span } from './expression-ast.js';
import type { ExpressionError } from './expression-error.js';
import type { FunctionContext } from './functions.js';
import type { OperatorName } from './operators.js';
import type { ValueReader } from './read-path.js';
import type { CallbackFacts } from '../types.js';

/** Whether a condition holds for a callback's facts at a moment (epoch ms). */
export type Test = (facts: CallbackFacts, now: number) => boolean;

/** What every compiled node has: its span and text in the expression, and its test. */
export interface NodeBase extends Span {
  /** The node's source text, as written. */
  readonly text: string;
  readonly test: Test;
}

/** A compiled condition, shaped like the syntax tree it came from. */
export type CompiledCondition =
  | (NodeBase & { readonly kind: 'all' | 'any'; readonly children: readonly CompiledCondition[] })
  | (NodeBase & {
      readonly kind: 'compare';
      readonly op: OperatorName;
      readonly left: ValueReader;
      readonly right: ValueReader;
      /** Source text of each side when it is a path or call (null for literals), for explain. */
      readonly leftText: string | null;
      readonly rightText: string | null;
      /** Present when the comparison pins a path to literal values (see discriminator.ts). */
      readonly discriminator?: Discriminator;
    })
  | (NodeBase & {
      readonly kind: 'value';
      readonly read: ValueReader;
      /** For function calls: the wall-clock reading behind the answer. */
      readonly describe?: (now: number) => string;
    });

/** State shared while one expression compiles: its text, what functions see, errors so far. */
export interface ExpressionCompiler {
  readonly text: string;
  readonly context: FunctionContext;
  readonly errors: ExpressionError[];
}
