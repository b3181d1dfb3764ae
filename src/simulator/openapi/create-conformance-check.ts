import {
  createOperationMatcher,
  type CompiledOperation,
  type OperationMatch,
} from './create-operation-matcher.js';
import { createValueChecker } from './create-value-checker.js';
import { loadOpenApi } from './load-openapi.js';
import type { OpenApiDocument } from './types.js';
import { validateRequest, type Issue, type RequestParts } from './validate-request.js';

/** Finds a request's operation in the OpenAPI document and checks the request against it. */
export interface ConformanceCheck {
  match(method: string, pathname: string): OperationMatch;
  validate(operation: CompiledOperation, request: RequestParts): Issue[];
}

/**
 * @param doc - defaults to the repository's copy of Twilio's TaskRouter v1 document.
 */
export function createConformanceCheck(doc: OpenApiDocument = loadOpenApi()): ConformanceCheck {
  const match = createOperationMatcher(doc);
  const checker = createValueChecker(doc);
  return {
    match,
    validate: (operation, request) => validateRequest(operation, request, checker),
  };
}
