import type { CallbackFacts } from '../rules/types.js';
import { AppError } from '../shared/errors.js';
import type { ReservationIdentity } from '../state/reservation-record.js';

/**
 * TaskRouter's documented limit is 4,096 characters per attributes document; this leaves room
 * for growth without letting a body of any size through.
 */
export const MAX_ATTRIBUTES_CHARS = 16_384;

// Direct checks rather than a schema library: this runs on every callback, and the reasons are
// the same a schema would give (the field's name, then what is wrong with it).
const SIDS = [
  ['AccountSid', /^AC[0-9a-fA-F]{32}$/, 'AC'],
  ['WorkspaceSid', /^WS[0-9a-fA-F]{32}$/, 'WS'],
  ['WorkflowSid', /^WW[0-9a-fA-F]{32}$/, 'WW'],
  ['TaskQueueSid', /^WQ[0-9a-fA-F]{32}$/, 'WQ'],
  ['WorkerSid', /^WK[0-9a-fA-F]{32}$/, 'WK'],
  ['TaskSid', /^WT[0-9a-fA-F]{32}$/, 'WT'],
  ['ReservationSid', /^WR[0-9a-fA-F]{32}$/, 'WR'],
] as const;

const NUMERIC = /^\d+(\.\d+)?$/;

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** The field's value when it is a string; else a reason is added and undefined returned. */
function stringField(
  form: Record<string, unknown>,
  key: string,
  optional: boolean,
  reasons: string[],
): string | undefined {
  const value = form[key];
  if (typeof value === 'string' || (optional && value === undefined)) {
    return value;
  }
  reasons.push(`${key} Invalid input: expected string, received ${typeName(value)}`);
  return undefined;
}

function attributesField(
  form: Record<string, unknown>,
  key: string,
  reasons: string[],
): Record<string, unknown> {
  const text = stringField(form, key, true, reasons);
  if (text === undefined) {
    return {};
  }
  if (text.length > MAX_ATTRIBUTES_CHARS) {
    reasons.push(`${key} must be at most ${MAX_ATTRIBUTES_CHARS} characters`);
    return {};
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  reasons.push(`${key} must be a JSON object`);
  return {};
}

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
  const reasons: string[] = [];
  const sids: string[] = [];
  for (const [key, pattern, prefix] of SIDS) {
    const value = stringField(form, key, false, reasons);
    if (value !== undefined && !pattern.test(value)) {
      reasons.push(`${key} must be a ${prefix} SID (${prefix} and 32 hex digits)`);
    }
    sids.push(value ?? '');
  }
  const task = attributesField(form, 'TaskAttributes', reasons);
  const worker = attributesField(form, 'WorkerAttributes', reasons);
  for (const key of ['TaskAge', 'TaskPriority']) {
    const value = stringField(form, key, true, reasons);
    if (value !== undefined && !NUMERIC.test(value)) {
      reasons.push(`${key} must be a number`);
    }
  }
  const timestamp = stringField(form, 'Timestamp', true, reasons);
  if (timestamp !== undefined && timestamp.length > 64) {
    reasons.push('Timestamp Too big: expected string to have <=64 characters');
  }
  if (reasons.length > 0) {
    throw new AppError('ERR_BODY_INVALID', reasons.join('; '));
  }
  const [
    accountSid = '',
    workspaceSid = '',
    workflowSid = '',
    taskQueueSid = '',
    workerSid = '',
    taskSid = '',
    reservationSid = '',
  ] = sids;
  const callback: Record<string, string> = {};
  for (const key in form) {
    const value = form[key];
    if (typeof value === 'string') {
      callback[key] = value;
    }
  }
  return {
    accountSid,
    identity: { reservationSid, taskSid, workerSid, workspaceSid, workflowSid, taskQueueSid },
    facts: { task, worker, callback },
  };
}
