/**
 * Reading untyped document data: mappings with a known set of keys (snake_case folded to
 * camelCase, unknown keys reported with the nearest valid name), and plain-words descriptions of
 * values for type errors.
 */
import type { Reporter } from './reporter.js';
import type { DataPath } from './rules-problem.js';
import { didYouMean, snakeToCamel } from './suggest-name.js';

/** A value read from a document, with the path it was found at. */
export interface Field {
  readonly value: unknown;
  /** The path as written in the file (with the original key), for locating problems. */
  readonly path: DataPath;
}

/** True for a mapping (a plain object, not a list or null). */
export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value reads in a type error: `the number 42`, `a list`, `the string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) {
    return 'nothing (null)';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a mapping';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `the ${typeof value} ${String(value)}`;
  }
  return `a ${typeof value}`;
}

/**
 * Reads the keys of the mapping at `path`. Each key is looked up as written, then folded from
 * snake_case; unknown keys and keys given twice (once in each spelling) are reported.
 * Returns undefined (reported) when the value is not a mapping.
 */
export function readFields(
  reporter: Reporter,
  value: unknown,
  path: DataPath,
  allowed: readonly string[],
  rule?: string,
  /** A better hint for an unknown key than the list of known ones, when the caller has one. */
  unknownHint?: (key: string) => string | undefined,
): Map<string, Field> | undefined {
  if (!isMapping(value)) {
    reporter.report(path, `expected a mapping but found ${describeValue(value)}`, { rule });
    return undefined;
  }
  const fields = new Map<string, Field>();
  for (const [key, item] of Object.entries(value)) {
    const name = allowed.includes(key) ? key : snakeToCamel(key);
    const at = [...path, key];
    if (!allowed.includes(name)) {
      const hint =
        didYouMean(key, allowed) ??
        unknownHint?.(key) ??
        `known keys: ${allowed.join(', ') || 'none'}`;
      reporter.report(at, `unknown key '${key}'`, { rule, hint, key: true });
    } else if (fields.has(name)) {
      reporter.report(at, `'${key}' repeats '${name}'`, { rule, hint: 'give it once', key: true });
    } else {
      fields.set(name, { value: item, path: at });
    }
  }
  return fields;
}

/** The entries of the mapping in `field`, each as a Field; undefined (reported) for a non-mapping. */
export function readEntries(reporter: Reporter, field: Field, rule?: string): Field[] | undefined {
  if (!isMapping(field.value)) {
    reporter.report(field.path, `expected a mapping but found ${describeValue(field.value)}`, {
      rule,
    });
    return undefined;
  }
  return Object.entries(field.value).map(([key, value]) => ({ value, path: [...field.path, key] }));
}

/** The last key of a Field's path (the key a mapping entry was written under). */
export function keyOf(field: Field): string {
  return String(field.path[field.path.length - 1]);
}

/** The field's value when it is one of `choices`; otherwise reported (with the nearest choice). */
export function readChoice<T extends string>(
  reporter: Reporter,
  field: Field,
  choices: readonly T[],
  rule?: string,
): T | undefined {
  if (typeof field.value === 'string' && (choices as readonly string[]).includes(field.value)) {
    return field.value as T;
  }
  const hint = typeof field.value === 'string' ? didYouMean(field.value, choices) : undefined;
  const message = `expected one of ${choices.join(', ')} but found ${describeValue(field.value)}`;
  reporter.report(field.path, message, { rule, hint });
  return undefined;
}

/** What a rules file's top level holds, per file, as read by `compile-rule-set.ts`. */
export interface DocumentSections {
  readonly reporter: Reporter;
  readonly sections: ReadonlyMap<string, Field>;
}
