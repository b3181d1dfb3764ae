/**
 * A rule's `when`: an expression compiled against the rule set's schedules, or `true`/`false`
 * (absent means `true`). Expression errors are reported at their offset inside the value.
 */
import { compileExpression } from '../expression/compile-expression.js';
import type { CompiledCondition } from '../expression/compiled-condition.js';
import type { Settings } from './compile-settings.js';
import { describeValue, type Field } from './read-fields.js';
import type { Reporter } from './reporter.js';

/** The compiled condition, or a constant; `false` also when an error was reported. */
export function compileWhen(
  reporter: Reporter,
  field: Field | undefined,
  settings: Settings,
  rule: string,
): CompiledCondition | boolean {
  if (field === undefined || typeof field.value === 'boolean') {
    return field?.value !== false;
  }
  if (typeof field.value !== 'string') {
    reporter.report(field.path, `expected an expression but found ${describeValue(field.value)}`, {
      rule,
    });
    return false;
  }
  const compiled = compileExpression(field.value, settings.functions);
  if (compiled.ok) {
    return compiled.condition;
  }
  for (const error of compiled.errors) {
    reporter.report(field.path, error.message, { rule, hint: error.hint, offset: error.offset });
  }
  return false;
}
