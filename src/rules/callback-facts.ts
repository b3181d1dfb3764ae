/**
 * An Assignment Callback's form parameters → the facts rules see. `TaskAttributes` and
 * `WorkerAttributes` arrive as JSON strings (taskrouter-facts.md §2) and become `task` and
 * `worker`; every parameter stays available under `callback.` by its Twilio name, as a string.
 */
import type { CallbackFacts } from './types.js';

/** A JSON object string as a plain object; anything else (bad JSON, arrays, scalars) as `{}`. */
function parseAttributes(text: string | undefined): Readonly<Record<string, unknown>> {
  if (text === undefined || text === '') {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    // A malformed attributes string is the sender's problem; the rules see no attributes.
    return {};
  }
}

/**
 * Builds the facts for `decide()` from the callback's form parameters.
 * @example
 * ruleSet.decide(callbackFacts(req.body), Date.now());
 */
export function callbackFacts(params: Readonly<Record<string, string>>): CallbackFacts {
  return {
    task: parseAttributes(params.TaskAttributes),
    worker: parseAttributes(params.WorkerAttributes),
    callback: params,
  };
}
