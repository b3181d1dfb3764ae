import type { PostResult } from './post-form.js';

/** What TaskRouter makes of an Assignment Callback answer (taskrouter-facts.md §1). */
export type AssignmentAnswer =
  | { readonly kind: 'instruction'; readonly body: Readonly<Record<string, unknown>> }
  | { readonly kind: 'deferred' }
  | { readonly kind: 'warning'; readonly code: number; readonly message: string }
  | { readonly kind: 'failed'; readonly code?: number; readonly message: string };

/**
 * - no answer in time, or not 200 → failed (the fallback URL is next);
 * - 200 without `Content-Type: application/json` → failed with 40000 (also a fallback trigger);
 * - unparseable JSON → warning 40001; a JSON object without `instruction` → warning 40005, except
 *   `{}`, the documented "I will update it through the API" answer → deferred.
 */
export function classifyAssignmentResponse(r: PostResult): AssignmentAnswer {
  if (r.status === null) {
    return { kind: 'failed', message: r.error ?? 'no answer' };
  }
  if (r.status !== 200) {
    return { kind: 'failed', message: `answered HTTP ${r.status}` };
  }
  const type = r.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return { kind: 'failed', code: 40000, message: "Content-Type of 'application/json' not set" };
  }
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    return { kind: 'warning', code: 40001, message: 'the response is not valid JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'warning', code: 40001, message: 'the response is not a JSON object' };
  }
  const obj = body as Record<string, unknown>;
  if (obj.instruction !== undefined) {
    return { kind: 'instruction', body: obj };
  }
  return Object.keys(obj).length === 0
    ? { kind: 'deferred' }
    : { kind: 'warning', code: 40005, message: 'the JSON response has no "instruction" key' };
}
