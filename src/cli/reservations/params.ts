/**
 * An instruction's params from the command line (`--param name=value`, `--params '{json}'`),
 * checked against INSTRUCTION_CATALOG exactly as a rules file's are: the same camelCase names
 * (snake_case accepted), types, enums, SID patterns and required params. Values typed on the
 * command line are text, so they are coerced to the catalog's type first.
 */
import { INSTRUCTION_CATALOG, type ParamSpec } from '../../rules/compile/instruction-catalog.js';
import {
  checkScalar,
  checkString,
  notAString,
  type ValueProblem,
} from '../../rules/compile/param-value.js';
import { describeValue } from '../../rules/compile/read-fields.js';
import { didYouMean, snakeToCamel } from '../../rules/compile/suggest-name.js';
import type { InstructionKind, InstructionParams, ParamValue } from '../../rules/types.js';
import { UsageError } from '../shared/usage-error.js';

/** One param as given: from `--param` (text) or from `--params` (a JSON value). */
interface GivenParam {
  readonly name: string;
  readonly value: unknown;
  readonly text: boolean;
}

type Coerced = { readonly value: ParamValue } | { readonly problem: ValueProblem };

const TEMPLATE = /\{\{/;

function coerceText(spec: ParamSpec, text: string): Coerced {
  switch (spec.type) {
    case 'integer':
      return /^\d+$/.test(text)
        ? { value: Number(text) }
        : { problem: { message: `expected a whole number ≥ 0 but found ${JSON.stringify(text)}` } };
    case 'boolean':
      return /^(true|false)$/i.test(text)
        ? { value: text.toLowerCase() === 'true' }
        : { problem: { message: `expected true or false but found ${JSON.stringify(text)}` } };
    case 'string': {
      const problem = checkString(spec, text);
      return problem === undefined ? { value: text } : { problem };
    }
    case 'string-list':
      return coerceList(
        spec,
        text.split(',').map((item) => item.trim()),
      );
  }
}

function coerceList(spec: ParamSpec, items: readonly unknown[]): Coerced {
  if (items.length === 0) {
    return { problem: { message: 'empty list', hint: 'leave the param out instead' } };
  }
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      return { problem: notAString(item) };
    }
    const problem = checkString(spec, item);
    if (problem !== undefined) {
      return { problem };
    }
    out.push(item);
  }
  return { value: out };
}

function coerceJson(spec: ParamSpec, value: unknown): Coerced {
  // A JSON string is read as the command line would read it: "20" is 20 for an integer param.
  if (typeof value === 'string') {
    return coerceText(spec, value);
  }
  if (spec.type === 'string-list') {
    return Array.isArray(value)
      ? coerceList(spec, value as unknown[])
      : { problem: { message: `expected a list of strings but found ${describeValue(value)}` } };
  }
  if (spec.type === 'string') {
    return { problem: notAString(value) };
  }
  const problem = checkScalar(spec, value);
  return problem === undefined ? { value: value as number | boolean } : { problem };
}

/** For a name the instruction lacks: the nearest of its own, or the instructions that have it. */
function unknownParamHint(kind: InstructionKind, name: string): string {
  const own = Object.keys(INSTRUCTION_CATALOG[kind]);
  if (own.length === 0) {
    return `${kind} takes no params`;
  }
  const camel = snakeToCamel(name);
  const owners = Object.entries(INSTRUCTION_CATALOG)
    .filter(([, params]) => Object.hasOwn(params, camel))
    .map(([owner]) => owner);
  const near = didYouMean(name, own);
  const elsewhere =
    owners.length > 0 ? `${camel} is a param of ${owners.join(', ')}, not of ${kind}` : undefined;
  if (near === undefined && elsewhere === undefined) {
    return `${kind} takes: ${own.join(', ')}`;
  }
  return [near, elsewhere].filter((part) => part !== undefined).join('; ');
}

function readAssignments(assignments: readonly string[], problems: string[]): GivenParam[] {
  const out: GivenParam[] = [];
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      problems.push(
        `--param ${JSON.stringify(assignment)}: expected name=value, e.g. --param timeout=20`,
      );
      continue;
    }
    out.push({ name: assignment.slice(0, eq).trim(), value: assignment.slice(eq + 1), text: true });
  }
  return out;
}

function readJson(json: string | undefined, problems: string[]): GivenParam[] {
  if (json === undefined) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    problems.push(`--params: not valid JSON (${(err as Error).message})`);
    return [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(`--params: expected a JSON object such as '{"timeout": 20}'`);
    return [];
  }
  return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => ({
    name,
    value,
    text: false,
  }));
}

/**
 * Reads and checks the params of instruction `kind`; throws one `UsageError`
 * listing every problem. The result uses canonical names, in catalog order.
 *
 * @example
 * readCliParams('conference', ['from=+18001231234', 'timeout=20', 'conference_status_callback_event=start,end'], undefined);
 * // → { from: '+18001231234', timeout: 20, conferenceStatusCallbackEvent: ['start', 'end'] }
 */
export function readCliParams(
  kind: InstructionKind,
  assignments: readonly string[],
  json: string | undefined,
): InstructionParams {
  const catalog = INSTRUCTION_CATALOG[kind];
  const problems: string[] = [];
  const given = [...readJson(json, problems), ...readAssignments(assignments, problems)];
  const values = new Map<string, ParamValue>();
  for (const { name, value, text } of given) {
    const label = text ? `--param ${name}` : `--params ${name}`;
    const canonical = snakeToCamel(name);
    const spec = Object.hasOwn(catalog, canonical) ? catalog[canonical] : undefined;
    if (spec === undefined) {
      problems.push(`${label}: unknown param for ${kind}: ${unknownParamHint(kind, name)}`);
      continue;
    }
    if (typeof value === 'string' && TEMPLATE.test(value)) {
      problems.push(
        `${label}: templates ({{…}}) are filled in from a callback and the CLI has none; write the value itself`,
      );
      continue;
    }
    const coerced = text ? coerceText(spec, value as string) : coerceJson(spec, value);
    if ('problem' in coerced) {
      const { message, hint } = coerced.problem;
      problems.push(`${label}: ${message}${hint ? ` (${hint})` : ''}`);
      continue;
    }
    const previous = values.get(canonical);
    if (previous === undefined) {
      values.set(canonical, coerced.value);
    } else if (Array.isArray(previous) && Array.isArray(coerced.value)) {
      // A list param may be given item by item: --param statusCallbackEvent=ringing --param …
      values.set(canonical, [...(previous as string[]), ...(coerced.value as string[])]);
    } else {
      problems.push(`${label}: given more than once`);
    }
  }
  const params: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(catalog)) {
    const value = values.get(name);
    if (value !== undefined) {
      params[name] = value;
    } else if (spec.required === true) {
      problems.push(`${kind} requires the param '${name}': add --param ${name}=…`);
    }
  }
  if (problems.length > 0) {
    throw new UsageError(problems, 'reservations update');
  }
  return params;
}
