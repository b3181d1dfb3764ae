import type { Instruction, ParamValue } from '../rules/types.js';

/** The JSON body answering an Assignment Callback. */
export type InlineResponse = Readonly<Record<string, string | number | boolean>>;

export interface InlineResult {
  readonly body: InlineResponse;
  /**
   * False when the body uses keys TaskRouter does not document for callback responses (the
   * conference participant options beyond to/from/timeout/post_work_activity_sid): such an
   * instruction is exact only over REST, so degraded mode will not send it inline.
   */
  readonly exact: boolean;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Callback responses carry lists as comma-separated strings (taskrouter-facts.md §2).
const flat = (value: ParamValue): string | number | boolean =>
  Array.isArray(value) ? value.join(',') : (value as string | number | boolean);

// Names that differ from the mechanical snake_case of the rules param.
const RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  dequeue: { statusCallbackEvent: 'status_callback_events' },
  // Error 40159 documents `status_callback_url` for the conference worker leg.
  conference: { statusCallback: 'status_callback_url' },
};

const CONFERENCE_DOCUMENTED = new Set([
  'to',
  'from',
  'timeout',
  'post_work_activity_sid',
  'status_callback_url',
]);

/**
 * Maps an instruction to its callback-response JSON with the snake_case keys of
 * taskrouter-facts.md §2 (e.g. `{"instruction":"dequeue","post_work_activity_sid":"WA…"}`).
 */
export function toInlineResponse(instruction: Instruction): InlineResult {
  const { kind, params } = instruction;
  const body: Record<string, string | number | boolean> = { instruction: kind };
  let exact = true;
  for (const [name, value] of Object.entries(params)) {
    const key = RENAMES[kind]?.[name] ?? snake(name);
    body[key] = flat(value);
    if (kind === 'conference' && !CONFERENCE_DOCUMENTED.has(key)) {
      exact = false;
    }
  }
  return { body, exact };
}
