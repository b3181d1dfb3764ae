import type { OpenApiDocument, OperationObject, ParameterObject, SchemaObject } from './types.js';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
const FORM = 'application/x-www-form-urlencoded';

/** One operation of the document, prepared for matching and validation. */
export interface CompiledOperation {
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. `/v1/Workspaces/{WorkspaceSid}/Workflows/{Sid}`. */
  readonly template: string;
  readonly params: {
    readonly path: ReadonlyMap<string, ParameterObject>;
    readonly query: ReadonlyMap<string, ParameterObject>;
    readonly header: ReadonlyMap<string, ParameterObject>;
  };
  /** The form body schema, when the operation takes one. */
  readonly form: { readonly contentType: string; readonly schema: SchemaObject } | null;
}

export type OperationMatch =
  | {
      readonly kind: 'match';
      readonly operation: CompiledOperation;
      readonly pathParams: Record<string, string>;
    }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'no-route' };

interface CompiledPath {
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly byMethod: ReadonlyMap<string, CompiledOperation>;
}

/**
 * Compiles every path of the document into a matcher: `(method, pathname) → operation + path
 * parameters`. Path parameters match one whole segment; their schemas are checked by the
 * validator, not here, so a malformed SID still finds its operation and gets a precise message.
 */
export function createOperationMatcher(
  doc: OpenApiDocument,
): (method: string, pathname: string) => OperationMatch {
  const compiled = Object.entries(doc.paths).map(([template, item]) => compilePath(template, item));
  return (method, pathname) => {
    for (const path of compiled) {
      const m = path.regex.exec(pathname);
      if (!m) {
        continue;
      }
      const operation = path.byMethod.get(method.toLowerCase());
      if (!operation) {
        return {
          kind: 'method-not-allowed',
          allowed: [...path.byMethod.keys()].map((k) => k.toUpperCase()),
        };
      }
      const pathParams: Record<string, string> = {};
      path.names.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { kind: 'match', operation, pathParams };
    }
    return { kind: 'no-route' };
  };
}

function compilePath(template: string, item: Readonly<Record<string, unknown>>): CompiledPath {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  const byMethod = new Map<string, CompiledOperation>();
  for (const method of HTTP_METHODS) {
    const op = item[method] as OperationObject | undefined;
    if (op?.operationId) {
      byMethod.set(method, compileOperation(method, template, op));
    }
  }
  return { regex: new RegExp(`^${source}$`), names, byMethod };
}

function compileOperation(
  method: string,
  template: string,
  op: OperationObject,
): CompiledOperation {
  const byIn = (where: ParameterObject['in']) =>
    new Map((op.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, p]));
  const content = op.requestBody?.content;
  const contentType = content && (FORM in content ? FORM : Object.keys(content)[0]);
  const schema = contentType ? content[contentType]?.schema : undefined;
  return {
    operationId: op.operationId,
    method: method.toUpperCase(),
    template,
    params: { path: byIn('path'), query: byIn('query'), header: byIn('header') },
    form: contentType && schema ? { contentType, schema } : null,
  };
}
