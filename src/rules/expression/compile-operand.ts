/**
 * Operands → value readers: literals become constants, paths precompiled segment walks, calls
 * closures over their compiled schedule.
 */
import type { ExpressionCompiler } from './compiled-condition.js';
import type { OperandNode } from './expression-ast.js';
import { expressionError } from './expression-error.js';
import { compileCall } from './functions.js';
import { compilePath, type ValueReader } from './read-path.js';

/** An operand's reader, plus a wall-clock description for function calls. */
export interface CompiledOperand {
  readonly read: ValueReader;
  readonly describe?: (now: number) => string;
}

/** Compiles one operand; a bad call is recorded in `compiler.errors` and reads as false. */
export function compileOperand(node: OperandNode, compiler: ExpressionCompiler): CompiledOperand {
  switch (node.type) {
    case 'literal': {
      const { value } = node;
      return { read: () => value };
    }
    case 'array': {
      const values = Object.freeze(node.items.map((item) => item.value));
      return { read: () => values };
    }
    case 'path':
      return { read: compilePath(node.root, node.segments) };
    case 'call': {
      const call = compileCall(node.name, node.args, compiler.context);
      if ('test' in call) {
        return { read: (_facts, now) => call.test(now), describe: call.describe };
      }
      const at = call.argument === undefined ? node : (node.args[call.argument] ?? node);
      compiler.errors.push(expressionError(compiler.text, at.start, call.message, call.hint));
      return { read: () => false };
    }
  }
}

/** The source text of a path or call operand, for explain; null for literals. */
export function operandText(node: OperandNode, compiler: ExpressionCompiler): string | null {
  return node.type === 'path' || node.type === 'call'
    ? compiler.text.slice(node.start, node.end)
    : null;
}
