/**
 * The `tests:` section: example callbacks and what the rules should decide for them.
 *
 * ```yaml
 * tests:
 *   - name: spanish voice call
 *     task: { type: voice, language: es }
 *     callback: { TaskAge: 30 }          # numbers are turned into strings, as TaskRouter sends them
 *     at: 2024-05-06T10:00:00+02:00      # optional; needs an explicit offset
 *     expect: { rule: spanish-voice, instruction: conference, params: { timeout: 20 } }
 * ```
 */
import { compileExpectation } from './compile-expectation.js';
import { deepFreeze } from '../compile/deep-freeze.js';
import { describeValue, isMapping, readFields, type Field } from '../compile/read-fields.js';
import type { Reporter } from '../compile/reporter.js';
import type { CompiledRule } from '../rule-set.js';
import type { RuleTestCase } from './rule-test-case.js';
import { formatDataPath } from '../compile/rules-problem.js';

const CASE_KEYS = ['name', 'task', 'worker', 'callback', 'at', 'expect'];
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function readObject(reporter: Reporter, field: Field | undefined): Record<string, unknown> {
  if (field === undefined) {
    return {};
  }
  if (isMapping(field.value)) {
    return field.value;
  }
  reporter.report(
    field.path,
    `expected a mapping of attributes but found ${describeValue(field.value)}`,
  );
  return {};
}

/** Callback parameters are strings on the wire; numbers and booleans are accepted and converted. */
function readCallback(reporter: Reporter, field: Field | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(readObject(reporter, field))) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params[key] = String(value);
    } else {
      reporter.report(
        [...(field?.path ?? []), key],
        `expected a parameter value but found ${describeValue(value)}`,
      );
    }
  }
  return params;
}

function readAt(reporter: Reporter, field: Field | undefined): number | undefined {
  if (field === undefined) {
    return undefined;
  }
  const at =
    typeof field.value === 'string' && ISO_WITH_OFFSET.test(field.value)
      ? Date.parse(field.value)
      : NaN;
  if (Number.isNaN(at)) {
    const hint = 'an ISO 8601 time with an offset, e.g. 2024-05-06T10:00:00+02:00 or …Z';
    reporter.report(field.path, `expected a time but found ${describeValue(field.value)}`, {
      hint,
    });
    return undefined;
  }
  return at;
}

function compileCase(
  reporter: Reporter,
  value: unknown,
  path: (string | number)[],
  rules: ReadonlyMap<string, CompiledRule>,
): RuleTestCase | undefined {
  const fields = readFields(reporter, value, path, CASE_KEYS);
  if (fields === undefined) {
    return undefined;
  }
  const name = fields.get('name');
  if (name !== undefined && typeof name.value !== 'string') {
    reporter.report(name.path, `expected a name but found ${describeValue(name.value)}`);
  }
  const facts = {
    task: readObject(reporter, fields.get('task')),
    worker: readObject(reporter, fields.get('worker')),
    callback: readCallback(reporter, fields.get('callback')),
  };
  const at = readAt(reporter, fields.get('at'));
  const expect = compileExpectation(reporter, fields.get('expect'), path, rules);
  const testCase = {
    name: typeof name?.value === 'string' ? name.value : formatDataPath(path),
    source: reporter.locate(path),
    path: formatDataPath(path),
    facts,
    ...(at === undefined ? {} : { at }),
    expect,
  };
  return deepFreeze(testCase);
}

/** Compiles one document's `tests:` list against the rule set's rules (by name). */
export function compileTests(
  reporter: Reporter,
  section: Field | undefined,
  rules: ReadonlyMap<string, CompiledRule>,
): RuleTestCase[] {
  if (section === undefined) {
    return [];
  }
  if (!Array.isArray(section.value)) {
    reporter.report(
      section.path,
      `expected a list of test cases but found ${describeValue(section.value)}`,
    );
    return [];
  }
  return section.value.flatMap(
    (item: unknown, index) => compileCase(reporter, item, [...section.path, index], rules) ?? [],
  );
}
