import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument } from './types.js';

/**
 * Where the repository keeps Twilio's TaskRouter v1 OpenAPI document (MIT, see the LICENSE file
 * beside it). Resolved from this module so it works from `src/` (tsx, vitest) and `dist/` alike.
 */
export const OPENAPI_PATH = fileURLToPath(
  new URL('../../../reference/twilio_taskrouter_v1.openapi.json', import.meta.url),
);

let cached: OpenApiDocument | undefined;

/**
 * Reads and parses the OpenAPI document once per process (it is 0.5 MB; every simulator in a
 * test run shares the parsed copy, which nothing mutates).
 */
export function loadOpenApi(path: string = OPENAPI_PATH): OpenApiDocument {
  if (path === OPENAPI_PATH && cached) {
    return cached;
  }
  const doc = JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
  if (typeof doc.openapi !== 'string' || typeof doc.paths !== 'object') {
    throw new Error(`${path} is not an OpenAPI document (no "openapi" or "paths" key)`);
  }
  if (path === OPENAPI_PATH) {
    cached = doc;
  }
  return doc;
}
