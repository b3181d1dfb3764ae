import { z } from 'zod';
import type { CallbackFacts } from '../rules/types.js';
import { AppError } from '../shared/errors.js';
import type { ReservationIdentity } from '../state/reservation-record.js';

/**
 * TaskRouter's documented limit is 4,096 characters per attributes document; this leaves room
 * for growth without letting a body of any size through.
 */
export const MAX_ATTRIBUTES_CHARS = 16_384;

const sid = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix} SID (${prefix} and 32 hex digits)`);

const attributes = z
  .string()
  .max(MAX_ATTRIBUTES_CHARS, `must be at most ${MAX_ATTRIBUTES_CHARS} characters`)
  .transform((text, ctx): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    return z.NEVER;
  });

const numeric = z.string().regex(/^\d+(\.\d+)?$/, 'must be a number');

const schema = z.looseObject({
  AccountSid: sid('AC'),
  WorkspaceSid: sid('WS'),
  WorkflowSid: sid('WW'),
  TaskQueueSid: sid('WQ'),
  WorkerSid: sid('WK'),
  TaskSid: sid('WT'),
  ReservationSid: sid('WR'),
  TaskAttributes: attributes.default(() => ({})),
  WorkerAttributes: attributes.default(() => ({})),
  TaskAge: numeric.optional(),
  TaskPriority: numeric.optional(),
  Timestamp: z.string().max(64).optional(),
});

export interface AssignmentCallback {
  readonly identity: ReservationIdentity;
  readonly accountSid: string;
  readonly facts: CallbackFacts;
}

/**
 * Validates the form fields of an Assignment Callback (all twelve documented parameters; extra
 * ones are kept, as Twilio may add parameters without notice) and parses the two attribute
 * documents once. Throws `ERR_BODY_INVALID` naming every bad field.
 */
export function parseAssignmentCallback(body: unknown): AssignmentCallback {
  const form = (body ?? {}) as Record<string, unknown>;
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`);
    throw new AppError('ERR_BODY_INVALID', reasons.join('; '));
  }
  const v = parsed.data;
  const callback: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    if (typeof value === 'string') {
      callback[key] = value;
    }
  }
  return {
    accountSid: v.AccountSid,
    identity: {
      reservationSid: v.ReservationSid,
      taskSid: v.TaskSid,
      workerSid: v.WorkerSid,
      workspaceSid: v.WorkspaceSid,
      workflowSid: v.WorkflowSid,
      taskQueueSid: v.TaskQueueSid,
    },
    facts: { task: v.TaskAttributes, worker: v.WorkerAttributes, callback },
  };
}
