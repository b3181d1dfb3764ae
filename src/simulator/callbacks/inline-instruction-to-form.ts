/**
 * Turns an Assignment Callback response instruction (snake_case keys, taskrouter-facts.md §2) into
 * the REST form fields that do the same thing, so one set of rules (`decideUpdate`) settles both.
 */
export type InlineForm = Readonly<Record<string, readonly string[]>>;

interface InlineShape {
  readonly base: Readonly<Record<string, string>>;
  /** snake_case response key → form field; absent for conference, which maps every key mechanically. */
  readonly keys?: Readonly<Record<string, string>>;
  /** Keys whose value is a comma-separated list that the form sends as repeated fields. */
  readonly lists?: readonly string[];
}

const SHAPES: Readonly<Record<string, InlineShape>> = {
  accept: { base: { ReservationStatus: 'accepted' }, keys: {} },
  reject: { base: { ReservationStatus: 'rejected' }, keys: { activity_sid: 'WorkerActivitySid' } },
  dequeue: {
    base: { Instruction: 'dequeue' },
    keys: {
      to: 'DequeueTo',
      from: 'DequeueFrom',
      post_work_activity_sid: 'DequeuePostWorkActivitySid',
      record: 'DequeueRecord',
      timeout: 'DequeueTimeout',
      status_callback_url: 'DequeueStatusCallbackUrl',
      status_callback_events: 'DequeueStatusCallbackEvent',
    },
    lists: ['status_callback_events'],
  },
  call: {
    base: { Instruction: 'call' },
    keys: {
      to: 'CallTo',
      from: 'CallFrom',
      url: 'CallUrl',
      accept: 'CallAccept',
      record: 'CallRecord',
      timeout: 'CallTimeout',
      status_callback_url: 'CallStatusCallbackUrl',
    },
  },
  redirect: {
    base: { Instruction: 'redirect' },
    keys: { call_sid: 'RedirectCallSid', url: 'RedirectUrl', accept: 'RedirectAccept' },
  },
  // Participant options as public code sends them: snake_case of the REST field names.
  conference: {
    base: { Instruction: 'conference' },
    lists: ['status_callback_event', 'conference_status_callback_event'],
  },
};

/** Null when the instruction is unknown (TaskRouter's warning 55555). */
export function inlineInstructionToForm(
  response: Readonly<Record<string, unknown>>,
  taskAttributes: Readonly<Record<string, unknown>>,
): InlineForm | null {
  const name = typeof response.instruction === 'string' ? response.instruction : '';
  const shape = SHAPES[name];
  if (!shape) {
    return null;
  }
  const form: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(shape.base)) {
    form[k] = [v];
  }
  for (const [key, value] of Object.entries(response)) {
    const field = key === 'instruction' ? undefined : shape.keys ? shape.keys[key] : pascal(key);
    if (field !== undefined && value !== null && value !== undefined) {
      form[field] = toStrings(value, shape.lists?.includes(key) ?? false);
    }
  }
  // "If missing and the Task came from <Enqueue>, the caller's dialed To is used" (§2, dequeue).
  const dialed = taskAttributes.to;
  if (name === 'dequeue' && form.DequeueFrom === undefined && typeof dialed === 'string') {
    form.DequeueFrom = [dialed];
  }
  return form;
}

function toStrings(value: unknown, list: boolean): string[] {
  if (Array.isArray(value)) {
    return value.map((v) => String(v));
  }
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return list
    ? s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [s];
}

function pascal(snake: string): string {
  return snake.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
}
