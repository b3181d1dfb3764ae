/**
 * A rule's `params`, validated against INSTRUCTION_CATALOG at load: names (snake_case folded to
 * camelCase, unknown names answered with the nearest one or the instruction that has it), types,
 * enums, SID patterns and required params.
 */
import { INSTRUCTION_CATALOG } from './instruction-catalog.js';
import { readFields, type Field } from './read-fields.js';
import { readParam, type ParamEntry, type ParamScope } from './read-param.js';
import { isRuleSkip, isTemplated, renderParams, type RenderedParams } from '../render-params.js';
import type { DataPath } from './rules-problem.js';
import { snakeToCamel } from './suggest-name.js';
import type { CallbackFacts, InstructionKind, InstructionParams } from '../types.js';

/** A rule's params after load-time checks: rendered once when static, per callback otherwise. */
export interface CompiledParams {
  /** The params rendered once at load when none is a template; null otherwise. */
  readonly fixed: InstructionParams | null;
  readonly render: (facts: CallbackFacts) => RenderedParams;
}

const NO_FACTS: CallbackFacts = Object.freeze({ task: {}, worker: {}, callback: {} });

/** For a name that belongs to other instructions: say which. */
function elsewhere(kind: InstructionKind): (key: string) => string | undefined {
  return (key) => {
    const name = snakeToCamel(key);
    const owners = Object.entries(INSTRUCTION_CATALOG)
      .filter(([, params]) => Object.hasOwn(params, name))
      .map(([owner]) => owner);
    return owners.length === 0
      ? undefined
      : `${name} is a param of ${owners.join(', ')}, not of ${kind}`;
  };
}

/**
 * Checks a rule's `params` (undefined when absent) for instruction `kind`, reporting every
 * problem; the result is only used when nothing was reported.
 */
export function compileParams(
  kind: InstructionKind,
  params: Field | undefined,
  scope: ParamScope & { readonly rulePath: DataPath },
): CompiledParams {
  const catalog = INSTRUCTION_CATALOG[kind];
  const { reporter, rule } = scope;
  const fields =
    params === undefined
      ? new Map<string, Field>()
      : readFields(
          reporter,
          params.value,
          params.path,
          Object.keys(catalog),
          rule,
          elsewhere(kind),
        );
  const entries: ParamEntry[] = [];
  for (const [name, spec] of Object.entries(catalog)) {
    const field = fields?.get(name);
    const entry = field && readParam(name, spec, field, scope);
    if (entry !== undefined) {
      entries.push(entry);
    } else if (field === undefined && fields !== undefined && spec.required === true) {
      reporter.report(params?.path ?? scope.rulePath, `${kind} requires the param '${name}'`, {
        rule,
        key: params !== undefined,
      });
    }
  }
  const fixed = entries.some(isTemplated) ? null : renderParams(entries, NO_FACTS);
  return {
    fixed: fixed === null || isRuleSkip(fixed) ? null : fixed,
    render: (facts) => renderParams(entries, facts),
  };
}
