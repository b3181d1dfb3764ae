import type { OpenApiDocument, ResolveSchema, SchemaObject } from './types.js';

/**
 * Checks the string values a form or query field arrived with against its schema; returns what
 * is wrong, or null. `values` has one entry per occurrence of the key: arrays travel as repeated
 * keys (twilio-node `qs.stringify(…, { arrayFormat: 'repeat' })`), so a scalar field must occur once.
 */
export type ValueChecker = (schema: SchemaObject, values: readonly string[]) => string | null;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Builds a checker whose `$ref`s resolve against `doc` (`#/components/schemas/…` only). */
export function createValueChecker(doc: OpenApiDocument): {
  check: ValueChecker;
  resolve: ResolveSchema;
} {
  const patterns = new Map<string, RegExp>();
  const resolve: ResolveSchema = (schema) => {
    let s = schema;
    for (let hops = 0; s.$ref !== undefined; hops += 1) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(s.$ref)?.[1];
      const target = name === undefined ? undefined : doc.components.schemas[name];
      if (!target || hops > 10) {
        throw new Error(`unresolvable $ref ${s.$ref} in the OpenAPI document`);
      }
      s = target;
    }
    return s;
  };
  const pattern = (source: string): RegExp => {
    let re = patterns.get(source);
    if (!re) {
      re = new RegExp(source);
      patterns.set(source, re);
    }
    return re;
  };

  function checkScalar(schema: SchemaObject, value: string): string | null {
    const s = resolve(schema);
    switch (s.type) {
      case 'integer':
        return INTEGER.test(value)
          ? checkRange(s, Number(value))
          : `expected an integer, got "${value}"`;
      case 'number':
        return NUMBER.test(value)
          ? checkRange(s, Number(value))
          : `expected a number, got "${value}"`;
      case 'boolean':
        // Twilio's libraries serialise booleans as the strings "true" and "false".
        return value === 'true' || value === 'false'
          ? null
          : `expected "true" or "false", got "${value}"`;
      case 'array':
      case 'object':
        return `a ${s.type} cannot be sent as one form value`;
      default:
        return checkString(s, value);
    }
  }

  function checkString(s: SchemaObject, value: string): string | null {
    if (s.enum && !s.enum.includes(value)) {
      return `"${value}" is not one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`;
    }
    if (s.minLength !== undefined && value.length < s.minLength) {
      return `shorter than ${s.minLength} characters`;
    }
    if (s.maxLength !== undefined && value.length > s.maxLength) {
      return `longer than ${s.maxLength} characters`;
    }
    if (s.pattern !== undefined && !pattern(s.pattern).test(value)) {
      return `"${value}" does not match ${s.pattern}`;
    }
    if (s.format === 'uri' && !isAbsoluteUri(value)) {
      return `"${value}" is not an absolute URI`;
    }
    if (s.format === 'date-time' && !DATE_TIME.test(value)) {
      return `"${value}" is not an ISO 8601 date-time`;
    }
    return null;
  }

  const check: ValueChecker = (schema, values) => {
    const s = resolve(schema);
    if (s.type === 'array') {
      const items = s.items ?? {};
      for (const v of values) {
        const problem = checkScalar(items, v);
        if (problem) {
          return `item ${problem}`;
        }
      }
      return null;
    }
    if (values.length > 1) {
      return `sent ${values.length} times, but it is not an array`;
    }
    return checkScalar(s, values[0] ?? '');
  };
  return { check, resolve };
}

function checkRange(s: SchemaObject, n: number): string | null {
  if (s.minimum !== undefined && n < s.minimum) {
    return `${n} is below the minimum ${s.minimum}`;
  }
  if (s.maximum !== undefined && n > s.maximum) {
    return `${n} is above the maximum ${s.maximum}`;
  }
  return null;
}

function isAbsoluteUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}
