import type { CompiledOperation } from './create-operation-matcher.js';
import type { ValueChecker } from './create-value-checker.js';
import { DOCUMENT_RULES } from './document-rules.js';
import type { ParameterObject, ResolveSchema } from './types.js';

/** The parts of a request the validator looks at; fields keep every occurrence of a key. */
export interface RequestParts {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Media type without parameters, or null when there was no body. */
  readonly contentType: string | null;
  readonly form: Readonly<Record<string, readonly string[]>>;
  readonly bodyLength: number;
}

/** One way a request departs from the document. */
export interface Issue {
  readonly location: 'path' | 'query' | 'header' | 'body';
  readonly field: string;
  readonly message: string;
  readonly value?: string | readonly string[];
}

/**
 * Checks a request against its operation, driven only by the OpenAPI document: path parameters,
 * query parameters (unknown ones too), declared headers, the body's media type, and every form
 * field (unknown ones, required ones, and each value's type, enum, pattern, length, format).
 */
export function validateRequest(
  op: CompiledOperation,
  req: RequestParts,
  checker: { check: ValueChecker; resolve: ResolveSchema },
): Issue[] {
  const issues: Issue[] = [];
  const checkParam = (
    location: Issue['location'],
    p: ParameterObject,
    values: readonly string[] | undefined,
  ) => {
    if (values === undefined) {
      if (p.required) {
        issues.push({ location, field: p.name, message: 'is required' });
      }
      return;
    }
    const problem = checker.check(p.schema, values);
    if (problem) {
      issues.push({ location, field: p.name, message: problem, value: one(values) });
    }
  };

  for (const p of op.params.path.values()) {
    const v = req.pathParams[p.name];
    checkParam('path', p, v === undefined ? undefined : [v]);
  }
  for (const p of op.params.header.values()) {
    const v = req.headers[p.name.toLowerCase()];
    checkParam('header', p, v === undefined ? undefined : [v]);
  }
  for (const [name, values] of Object.entries(req.query)) {
    const p = op.params.query.get(name);
    if (p) {
      checkParam('query', p, values);
    } else {
      issues.push({
        location: 'query',
        field: name,
        message: `unknown query parameter for ${op.operationId}`,
        value: one(values),
      });
    }
  }
  for (const p of op.params.query.values()) {
    if (p.required && req.query[p.name] === undefined) {
      issues.push({ location: 'query', field: p.name, message: 'is required' });
    }
  }
  for (const rule of DOCUMENT_RULES) {
    const values = req.query[rule.field];
    if (rule.operations.includes(op.operationId) && values !== undefined) {
      issues.push({
        location: rule.location,
        field: rule.field,
        message: rule.message,
        value: one(values),
      });
    }
  }
  issues.push(...validateBody(op, req, checker));
  return issues;
}

function validateBody(
  op: CompiledOperation,
  req: RequestParts,
  checker: { check: ValueChecker; resolve: ResolveSchema },
): Issue[] {
  if (!op.form) {
    return req.bodyLength > 0
      ? [{ location: 'body', field: '', message: `${op.operationId} takes no request body` }]
      : [];
  }
  if (req.bodyLength > 0 && req.contentType !== op.form.contentType) {
    return [
      {
        location: 'body',
        field: '',
        message: `Content-Type must be ${op.form.contentType}, got ${req.contentType ?? 'none'}`,
      },
    ];
  }
  const schema = checker.resolve(op.form.schema);
  const properties = schema.properties ?? {};
  const issues: Issue[] = [];
  for (const [name, values] of Object.entries(req.form)) {
    const prop = properties[name];
    if (!prop) {
      issues.push({
        location: 'body',
        field: name,
        message: `unknown form field for ${op.operationId}`,
        value: one(values),
      });
      continue;
    }
    const problem = checker.check(prop, values);
    if (problem) {
      issues.push({ location: 'body', field: name, message: problem, value: one(values) });
    }
  }
  for (const name of schema.required ?? []) {
    if (req.form[name] === undefined) {
      issues.push({ location: 'body', field: name, message: 'is required' });
    }
  }
  return issues;
}

function one(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? (values[0] ?? '') : values;
}
