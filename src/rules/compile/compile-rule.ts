/**
 * One entry of a `rules:` list → a compiled rule, with every problem reported.
 */
import { compileWhen } from './compile-when.js';
import type { CompiledCondition } from '../expression/compiled-condition.js';
import { compileParams, type CompiledParams } from './compile-params.js';
import type { Settings } from './compile-settings.js';
import { describeValue, isMapping, readChoice, readFields, type Field } from './read-fields.js';
import type { Reporter } from './reporter.js';
import type { CompiledRule } from '../rule-set.js';
import type { DataPath } from './rules-problem.js';
import { INSTRUCTION_KINDS, MODES, type InstructionKind, type Mode } from '../types.js';

/** A rule with what `decide` and `explain` need besides its public description. */
export interface RuleDraft {
  readonly info: CompiledRule;
  /** Null when the rule has no `when` (or `when: true`). */
  readonly condition: CompiledCondition | null;
  /** `when: false` disables a rule without deleting it. */
  readonly disabled: boolean;
  readonly params: CompiledParams;
}

const RULE_KEYS = ['name', 'description', 'when', 'instruction', 'params', 'mode', 'delay'];
const MAX_DELAY_SECONDS = 86_400;
const NAME = /^[^\p{Cc}]{1,100}$/u;

function readName(
  reporter: Reporter,
  fields: Map<string, Field>,
  path: DataPath,
): string | undefined {
  const field = fields.get('name');
  if (field === undefined) {
    reporter.report(path, 'rule without a name', { hint: 'add name: <a unique name>' });
  } else if (typeof field.value !== 'string' || !NAME.test(field.value)) {
    reporter.report(
      field.path,
      `expected a name of 1 to 100 characters but found ${describeValue(field.value)}`,
    );
  } else {
    return field.value;
  }
  return undefined;
}

function readDelay(reporter: Reporter, field: Field | undefined, mode: Mode, rule: string): number {
  if (field === undefined) {
    return 0;
  }
  const { value } = field;
  if (mode === 'inline') {
    reporter.report(field.path, 'delay applies only to async rules', {
      rule,
      hint: 'remove delay or set mode: async',
    });
  } else if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_DELAY_SECONDS
  ) {
    reporter.report(
      field.path,
      `expected whole seconds from 0 to ${MAX_DELAY_SECONDS} but found ${describeValue(value)}`,
      { rule },
    );
  } else {
    return value;
  }
  return 0;
}

/** Compiles the rule at `path` (index `position` in the rule set); undefined when it has no usable name. */
export function compileRule(
  reporter: Reporter,
  value: unknown,
  path: DataPath,
  settings: Settings,
): RuleDraft | undefined {
  // The name labels every problem of the rule, including those found before it is checked.
  const label = isMapping(value) && typeof value.name === 'string' ? value.name : undefined;
  const fields = readFields(reporter, value, path, RULE_KEYS, label);
  const name = fields && readName(reporter, fields, path);
  if (fields === undefined || name === undefined) {
    return undefined;
  }
  const instructionField = fields.get('instruction');
  if (instructionField === undefined) {
    reporter.report(path, 'rule without an instruction', {
      rule: name,
      hint: `one of ${INSTRUCTION_KINDS.join(', ')}`,
    });
  }
  const instruction: InstructionKind =
    (instructionField && readChoice(reporter, instructionField, INSTRUCTION_KINDS, name)) ??
    'accept';
  const modeField = fields.get('mode');
  const mode =
    (modeField && readChoice(reporter, modeField, MODES, name)) ?? settings.defaults.mode;
  const when = compileWhen(reporter, fields.get('when'), settings, name);
  const params = compileParams(instruction, fields.get('params'), {
    reporter,
    rule: name,
    rulePath: path,
  });
  const descriptionField = fields.get('description');
  if (descriptionField !== undefined && typeof descriptionField.value !== 'string') {
    reporter.report(
      descriptionField.path,
      `expected text but found ${describeValue(descriptionField.value)}`,
      { rule: name },
    );
  }
  const info: CompiledRule = Object.freeze({
    name,
    instruction,
    mode,
    delaySeconds: readDelay(reporter, fields.get('delay'), mode, name),
    when:
      typeof fields.get('when')?.value === 'string' ? (fields.get('when')?.value as string) : null,
    source: reporter.locate(path),
  });
  return {
    info,
    condition: typeof when === 'boolean' ? null : when,
    disabled: when === false,
    params,
  };
}
