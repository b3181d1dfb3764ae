/**
 * The callback `rules explain --callback FILE` explains, in any of three shapes: a JSON object of
 * the callback's form parameters, a JSON object of facts `{task, worker, callback}`, or a raw
 * form body (`TaskSid=WT…&TaskAttributes=%7B…`) as TaskRouter POSTs it.
 */
import { parseAssignmentCallback } from '../../assignment/parse-assignment-callback.js';
import type { CallbackFacts } from '../../rules/types.js';
import type { ReservationRef } from '../../taskrouter/types.js';
import { UsageError } from '../shared/usage-error.js';

export interface CallbackInput {
  /** `form`: callback parameters (JSON or raw body); `facts`: `{task, worker, callback}`. */
  readonly kind: 'form' | 'facts';
  readonly facts: CallbackFacts;
  /** The reservation the callback names, when it names one (for the REST URL). */
  readonly ref: ReservationRef | undefined;
  /** Why the service would refuse these parameters (400), when it would; explained anyway. */
  readonly refusal: string | undefined;
}

type Json = Record<string, unknown>;
const FACT_KEYS = new Set(['task', 'worker', 'callback']);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toParam(name: string, value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  // Attributes may be written as objects for convenience; TaskRouter sends them as JSON text.
  if (isObject(value) && /Attributes$/.test(name)) {
    return JSON.stringify(value);
  }
  throw new UsageError(`callback parameter ${name} must be a string, got ${JSON.stringify(value)}`);
}

function toParams(object: Json): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(object)) {
    params[name] = toParam(name, value);
  }
  return params;
}

/** An attributes document as rules see it when the service would refuse the callback: `{}` if unreadable. */
function lenientAttributes(text: string | undefined): Json {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

function refOf(params: Readonly<Record<string, string>>): ReservationRef | undefined {
  const { WorkspaceSid, TaskSid, ReservationSid } = params;
  return WorkspaceSid && TaskSid && ReservationSid
    ? { workspaceSid: WorkspaceSid, taskSid: TaskSid, reservationSid: ReservationSid }
    : undefined;
}

function fromForm(params: Record<string, string>): CallbackInput {
  try {
    const parsed = parseAssignmentCallback(params);
    return { kind: 'form', facts: parsed.facts, ref: refOf(params), refusal: undefined };
  } catch (err) {
    const facts = {
      task: lenientAttributes(params.TaskAttributes),
      worker: lenientAttributes(params.WorkerAttributes),
      callback: params,
    };
    return { kind: 'form', facts, ref: refOf(params), refusal: (err as Error).message };
  }
}

function fromFacts(object: Json): CallbackInput {
  const { task = {}, worker = {}, callback = {} } = object;
  for (const [name, value] of Object.entries({ task, worker, callback })) {
    if (!isObject(value)) {
      throw new UsageError(`"${name}" must be a JSON object, got ${JSON.stringify(value)}`);
    }
  }
  const params = toParams(callback as Json);
  const facts = { task: task as Json, worker: worker as Json, callback: params };
  return { kind: 'facts', facts, ref: refOf(params), refusal: undefined };
}

function fromJson(text: string): CallbackInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the callback file is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(value)) {
    throw new UsageError('the callback JSON must be an object');
  }
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((key) => FACT_KEYS.has(key))) {
    return fromFacts(value);
  }
  return fromForm(toParams(value));
}

/**
 * Reads a callback file's text into facts.
 * @throws UsageError when the text is none of the three shapes.
 */
export function readCallbackInput(text: string): CallbackInput {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    return fromJson(trimmed);
  }
  if (!/^[^=&\s]+=/.test(trimmed)) {
    throw new UsageError(
      'the callback file must hold a JSON object or a form body (TaskSid=WT…&TaskAttributes=…)',
    );
  }
  // The service parses bodies flat (express.urlencoded extended: false); the first value of a
  // repeated name is kept here.
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(trimmed)) {
    params[name] ??= value;
  }
  return fromForm(params);
}
