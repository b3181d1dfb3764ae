/**
 * `{{task.x}}`, `{{worker.x}}` and `{{callback.X}}` placeholders in string params, parsed and
 * checked when the rules load and rendered per decision.
 */
import { expressionError, type ExpressionError } from './expression-error.js';
import { parsePath } from './parse-expression.js';
import { compilePath, type ValueReader } from './read-path.js';
import type { CallbackFacts } from '../types.js';

/** One `{{path}}`, or `{{raw path}}`: the rule's explicit word that its value goes in unencoded. */
export interface Placeholder {
  readonly read: ValueReader;
  readonly raw: boolean;
  /** The path as written, e.g. `task.x` (for warnings and reasons, never a value). */
  readonly path: string;
}

/**
 * True for a placeholder whose value the operator controls: worker attributes (set by whoever
 * administers workers) and TaskRouter's own SIDs (`callback.TaskSid`). Task attributes and the
 * other callback params can come from callers, chats and integrations.
 */
export function isControlled(placeholder: Placeholder): boolean {
  return (
    placeholder.path.startsWith('worker.') || /^callback\.[A-Za-z]*Sid$/.test(placeholder.path)
  );
}

/** Literal text and placeholders, in order. */
export interface Template {
  readonly source: string;
  readonly parts: readonly (string | Placeholder)[];
}

/** How a placeholder's text goes into the output: as is, encoded, or refused (undefined). */
export type Insert = (text: string, placeholder: Placeholder, index: number) => string | undefined;

/** A parsed template, or every error found in it. */
export type TemplateResult =
  | { readonly ok: true; readonly template: Template }
  | { readonly ok: false; readonly errors: readonly ExpressionError[] };

const PLACEHOLDER = /\{\{(.*?)\}\}/gs;
const RAW = /^(\s*raw\s+)/;

/** True when `text` contains a `{{`, i.e. is meant as a template. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

function compilePlaceholder(
  text: string,
  inner: string,
  offset: number,
  errors: ExpressionError[],
): Placeholder {
  const raw = RAW.exec(inner)?.[1] ?? '';
  const path = inner.slice(raw.length);
  const parsed = parsePath(path);
  const shown = path.trim();
  if (parsed.ok) {
    const read = compilePath(parsed.node.root, parsed.node.segments);
    return Object.freeze({ read, raw: raw !== '', path: shown });
  }
  const { error } = parsed;
  const at = offset + raw.length + error.offset;
  errors.push(expressionError(text, at, error.message, error.hint));
  return Object.freeze({ read: () => null, raw: raw !== '', path: shown });
}

/** Parses every `{{path}}` of `text`; an unclosed `{{` or a bad path is an error. */
export function parseTemplate(text: string): TemplateResult {
  const parts: (string | Placeholder)[] = [];
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

const asIs: Insert = (text) => text;

/**
 * Renders `template` from the facts, each placeholder's text passed through `insert` (as is by
 * default). Returns undefined when any placeholder is missing (null, empty, an array or an
 * object): half-rendered phone numbers and URLs are worse than none, so the caller drops the
 * param; null when `insert` refused a value.
 */
export function renderTemplateWith(
  template: Template,
  facts: CallbackFacts,
  insert: Insert = asIs,
): string | undefined | null {
  let out = '';
  const { parts } = template;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string | Placeholder;
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const text = asText(part.read(facts, 0));
    if (text === undefined) {
      return undefined;
    }
    const inserted = insert(text, part, i);
    if (inserted === undefined) {
      return null;
    }
    out += inserted;
  }
  return out;
}

/** Renders `template` with every value as is; undefined when a placeholder is missing. */
export function renderTemplate(template: Template, facts: CallbackFacts): string | undefined {
  return renderTemplateWith(template, facts) ?? undefined;
}
