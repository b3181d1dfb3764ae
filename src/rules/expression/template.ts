/**
 * `{{task.x}}`, `{{worker.x}}` and `{{callback.X}}` placeholders in string params, parsed and
 * checked when the rules load and rendered per decision.
 */
import { expressionError, type ExpressionError } from './expression-error.js';
import { parsePath } from './parse-expression.js';
import { compilePath, type ValueReader } from './read-path.js';
import type { CallbackFacts } from '../types.js';

/** Literal text and attribute readers, in order. */
export interface Template {
  readonly source: string;
  readonly parts: readonly (string | ValueReader)[];
}

/** A parsed template, or every error found in it. */
export type TemplateResult =
  | { readonly ok: true; readonly template: Template }
  | { readonly ok: false; readonly errors: readonly ExpressionError[] };

const PLACEHOLDER = /\{\{(.*?)\}\}/gs;

/** True when `text` contains a `{{`, i.e. is meant as a template. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

function compilePlaceholder(
  text: string,
  inner: string,
  offset: number,
  errors: ExpressionError[],
): ValueReader {
  const parsed = parsePath(inner);
  if (parsed.ok) {
    return compilePath(parsed.node.root, parsed.node.segments);
  }
  const { error } = parsed;
  errors.push(expressionError(text, offset + error.offset, error.message, error.hint));
  return () => null;
}

/** Parses every `{{path}}` of `text`; an unclosed `{{` or a bad path is an error. */
export function parseTemplate(text: string): TemplateResult {
  const parts: (string | ValueReader)[] = [];
  const errors: ExpressionError[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const inner = match[1] ?? '';
    const innerStart = match.index + 2;
    parts.push(text.slice(last, match.index));
    parts.push(compilePlaceholder(text, inner, innerStart, errors));
    last = innerStart + inner.length + 2;
  }
  const rest = text.slice(last);
  if (rest.includes('{{')) {
    errors.push(expressionError(text, last + rest.indexOf('{{'), "unclosed '{{': expected '}}'"));
  }
  parts.push(rest);
  const template = { source: text, parts: Object.freeze(parts.filter((part) => part !== '')) };
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, template: Object.freeze(template) };
}

/** A value as template text; undefined for null, '' and anything that is not a scalar. */
function asText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value === '' ? undefined : value;
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * Renders `template` from the facts. Returns undefined when any placeholder is missing (null,
 * empty, an array or an object): half-rendered phone numbers and URLs are worse than none, so the
 * caller drops the param.
 */
export function renderTemplate(template: Template, facts: CallbackFacts): string | undefined {
  let out = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const text = asText(part(facts, 0));
    if (text === undefined) {
      return undefined;
    }
    out += text;
  }
  return out;
}
