/**
 * One param of a rule, checked against its catalog entry: literals fully at load, templates
 * parsed and planned at load (template-piece.ts) and checked when rendered.
 */
import type { ParamSpec } from './instruction-catalog.js';
import { checkScalar, checkString, notAString, type ValueProblem } from './param-value.js';
import { describeValue, type Field } from './read-fields.js';
import type { Reporter } from './reporter.js';
import type { DataPath } from './rules-problem.js';
import { createTemplatePiece, type TemplatePiece } from './template-piece.js';
import { templateWarnings } from './template-warnings.js';
import { isTemplate, parseTemplate } from '../expression/template.js';
import type { ParamValue } from '../types.js';

/** A literal string or a template, as a string param or an item of a string-list param. */
export type Piece = string | TemplatePiece;

/** One checked param: a literal, a template, or a list of literals and templates. */
export type ParamEntry = { readonly name: string; readonly spec: ParamSpec } & (
  | { readonly kind: 'literal'; readonly value: ParamValue }
  | { readonly kind: 'template'; readonly template: TemplatePiece }
  | { readonly kind: 'list'; readonly pieces: readonly Piece[] }
);

/** Where param problems go, and the rule they belong to. */
export interface ParamScope {
  readonly reporter: Reporter;
  readonly rule: string;
}

function report(problem: ValueProblem, path: DataPath, scope: ParamScope): undefined {
  scope.reporter.report(path, problem.message, { rule: scope.rule, hint: problem.hint });
  return undefined;
}

function readPiece(
  name: string,
  spec: ParamSpec,
  value: unknown,
  path: DataPath,
  scope: ParamScope,
): Piece | undefined {
  if (typeof value !== 'string') {
    return report(notAString(value), path, scope);
  }
  if (!isTemplate(value)) {
    const problem = checkString(spec, value);
    return problem === undefined ? value : report(problem, path, scope);
  }
  const parsed = parseTemplate(value);
  if (parsed.ok) {
    const piece = createTemplatePiece(spec, parsed.template);
    if (!('render' in piece)) {
      return report(piece, path, scope);
    }
    for (const { message, hint } of templateWarnings(name, spec, parsed.template)) {
      scope.reporter.warn(path, `${name}: ${message}`, { rule: scope.rule, hint });
    }
    return piece;
  }
  for (const { message, hint, offset } of parsed.errors) {
    scope.reporter.report(path, `template: ${message}`, { rule: scope.rule, hint, offset });
  }
  return undefined;
}

function readList(
  name: string,
  spec: ParamSpec,
  field: Field,
  scope: ParamScope,
): Piece[] | undefined {
  const { value, path } = field;
  if (!Array.isArray(value)) {
    const hint = typeof value === 'string' ? `write a list: [${value}]` : undefined;
    return report(
      { message: `expected a list of strings but found ${describeValue(value)}`, hint },
      path,
      scope,
    );
  }
  if (value.length === 0) {
    return report({ message: 'empty list', hint: 'leave the param out instead' }, path, scope);
  }
  const pieces = value.map((item: unknown, index) =>
    readPiece(name, spec, item, [...path, index], scope),
  );
  return pieces.every((piece) => piece !== undefined) ? pieces : undefined;
}

/** Reads and checks the param `name` from `field`; undefined when a problem was reported. */
export function readParam(
  name: string,
  spec: ParamSpec,
  field: Field,
  scope: ParamScope,
): ParamEntry | undefined {
  if (spec.type === 'string-list') {
    const pieces = readList(name, spec, field, scope);
    return pieces && { name, spec, kind: 'list', pieces };
  }
  if (spec.type === 'string') {
    const piece = readPiece(name, spec, field.value, field.path, scope);
    if (piece === undefined) {
      return undefined;
    }
    return typeof piece === 'string'
      ? { name, spec, kind: 'literal', value: piece }
      : { name, spec, kind: 'template', template: piece };
  }
  if (typeof field.value === 'string' && isTemplate(field.value)) {
    const message = `templates are allowed only in string params; ${name} takes a literal ${spec.type}`;
    return report({ message }, field.path, scope);
  }
  const problem = checkScalar(spec, field.value);
  return problem === undefined
    ? { name, spec, kind: 'literal', value: field.value as number | boolean }
    : report(problem, field.path, scope);
}
