/**
 * The `expect:` of a rule test: rule, instruction, params, mode and delay, each checked against
 * what the rule set can actually produce.
 */
import { INSTRUCTION_CATALOG } from '../compile/instruction-catalog.js';
import { describeValue, readChoice, readFields, type Field } from '../compile/read-fields.js';
import type { Reporter } from '../compile/reporter.js';
import type { CompiledRule } from '../rule-set.js';
import type { RuleTestExpectation } from './rule-test-case.js';
import type { DataPath } from '../compile/rules-problem.js';
import { didYouMean } from '../compile/suggest-name.js';
import { INSTRUCTION_KINDS, MODES, type InstructionKind, type ParamValue } from '../types.js';

const EXPECT_KEYS = ['rule', 'instruction', 'params', 'mode', 'delay'];

function readRule(
  reporter: Reporter,
  field: Field,
  rules: ReadonlyMap<string, CompiledRule>,
): CompiledRule | null | undefined {
  if (field.value === null) {
    return null;
  }
  const rule = typeof field.value === 'string' ? rules.get(field.value) : undefined;
  if (rule === undefined) {
    const hint =
      typeof field.value === 'string' ? didYouMean(field.value, rules.keys()) : undefined;
    reporter.report(field.path, `no rule named ${describeValue(field.value)}`, {
      hint: hint ?? 'use null to expect that no rule matches',
    });
  }
  return rule;
}

function readInstruction(reporter: Reporter, field: Field): InstructionKind | null | undefined {
  if (field.value === null) {
    return null;
  }
  if (field.value === 'leave') {
    reporter.report(field.path, "'leave' is not an instruction", {
      hint: 'expect instruction: null for leave',
    });
    return undefined;
  }
  return readChoice(reporter, field, INSTRUCTION_KINDS);
}

function isParamValue(value: unknown): value is ParamValue {
  const scalar = (item: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof item);
  return scalar(value) || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function readParams(
  reporter: Reporter,
  field: Field,
  kind: InstructionKind | undefined,
): Record<string, ParamValue> {
  const names =
    kind === undefined
      ? [...new Set(Object.values(INSTRUCTION_CATALOG).flatMap(Object.keys))]
      : Object.keys(INSTRUCTION_CATALOG[kind]);
  const params: Record<string, ParamValue> = {};
  for (const [name, param] of readFields(reporter, field.value, field.path, names) ?? []) {
    if (isParamValue(param.value)) {
      params[name] = param.value;
    } else {
      reporter.report(param.path, `expected a param value but found ${describeValue(param.value)}`);
    }
  }
  return params;
}

/** Compiles `expect` (undefined when absent: reported) for the case at `path`. */
export function compileExpectation(
  reporter: Reporter,
  field: Field | undefined,
  path: DataPath,
  rules: ReadonlyMap<string, CompiledRule>,
): RuleTestExpectation {
  const fields =
    field === undefined ? undefined : readFields(reporter, field.value, field.path, EXPECT_KEYS);
  if (field !== undefined && fields === undefined) {
    return {}; // not a mapping: already reported
  }
  if (fields === undefined || (!fields.has('rule') && !fields.has('instruction'))) {
    reporter.report(field?.path ?? path, 'a test needs expect.rule or expect.instruction', {
      hint: 'e.g. expect: { rule: everything-else }',
    });
    return {};
  }
  const ruleField = fields.get('rule');
  const instructionField = fields.get('instruction');
  const rule = ruleField && readRule(reporter, ruleField, rules);
  const instruction = instructionField && readInstruction(reporter, instructionField);
  if (rule && instruction !== undefined && instruction !== rule.instruction && instructionField) {
    reporter.report(
      instructionField.path,
      `rule '${rule.name}' gives ${rule.instruction}, not ${String(instruction)}`,
    );
  }
  const paramsField = fields.get('params');
  const modeField = fields.get('mode');
  const delayField = fields.get('delay');
  const delay = delayField?.value;
  if (
    delayField !== undefined &&
    (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0)
  ) {
    reporter.report(delayField.path, `expected whole seconds but found ${describeValue(delay)}`);
  }
  const mode = modeField && readChoice(reporter, modeField, MODES);
  return {
    ...(rule === undefined ? {} : { rule: rule?.name ?? null }),
    ...(instruction === undefined ? {} : { instruction }),
    ...(paramsField === undefined
      ? {}
      : { params: readParams(reporter, paramsField, instruction ?? rule?.instruction) }),
    ...(mode === undefined ? {} : { mode }),
    ...(typeof delay === 'number' ? { delay } : {}),
  };
}
