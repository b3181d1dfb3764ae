import twilio from 'twilio';
import { INSTRUCTION_CATALOG } from '../../rules/compile/instruction-catalog.js';
import type { Instruction } from '../../rules/types.js';
import { toUpdateOptions } from '../../taskrouter/to-update-options.js';
import type { ReservationRef } from '../../taskrouter/types.js';
import { redactUrl } from './redact-url.js';

/** The REST request an update would make: what `--dry-run` prints. */
export interface UpdateRequestPreview {
  readonly dryRun: true;
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The form fields by their REST names; a list is sent as the same field repeated. */
  readonly form: Readonly<Record<string, string | readonly string[]>>;
  /** The `application/x-www-form-urlencoded` body, as sent. */
  readonly body: string;
}

interface RecordedRequest {
  method?: string;
  uri?: string;
  headers?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

const MASK = '********';
// Placeholders: nothing is sent, and the URL of a TaskRouter request does not contain them.
const PLACEHOLDER_ACCOUNT = `AC${'0'.repeat(32)}`;

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The REST field names of the instruction's secret params (conference: SipAuthPassword). */
function secretFields(instruction: Instruction): Set<string> {
  const out = new Set<string>();
  for (const [name, spec] of Object.entries(INSTRUCTION_CATALOG[instruction.kind])) {
    if (spec.secret === true) {
      out.add(pascal(name));
      out.add(pascal(instruction.kind) + pascal(name));
    }
  }
  return out;
}

/**
 * Renders the update the gateway would send, through the twilio library's own serialisation
 * (the same `toUpdateOptions` and `update()` call, with a recording `httpClient` in place of the
 * network): field names, booleans as "true"/"false", lists as repeated fields, `If-Match`.
 * Secret params are masked.
 */
export async function previewUpdate(
  ref: ReservationRef,
  instruction: Instruction,
  opts: { readonly baseUrl: string; readonly ifMatch?: string | undefined },
): Promise<UpdateRequestPreview> {
  let recorded: RecordedRequest = {};
  const httpClient = {
    request(request: RecordedRequest) {
      recorded = request;
      return Promise.resolve({
        statusCode: 200,
        headers: {},
        body: { sid: ref.reservationSid, task_sid: ref.taskSid, workspace_sid: ref.workspaceSid },
      });
    },
  } as unknown as twilio.RequestClient;
  const client = twilio(PLACEHOLDER_ACCOUNT, 'dry-run', { httpClient, autoRetry: false });
  client.taskrouter.baseUrl = opts.baseUrl;
  const params = toUpdateOptions(instruction);
  await client.taskrouter.v1
    .workspaces(ref.workspaceSid)
    .tasks(ref.taskSid)
    .reservations(ref.reservationSid)
    .update(opts.ifMatch ? { ...params, ifMatch: opts.ifMatch } : params);

  const secrets = secretFields(instruction);
  const form: Record<string, string | string[]> = {};
  const body = new URLSearchParams();
  for (const [field, value] of Object.entries(recorded.data ?? {})) {
    if (value === undefined) {
      continue;
    }
    const values = (Array.isArray(value) ? value : [value]).map((v) =>
      secrets.has(field) ? MASK : String(v),
    );
    form[field] = Array.isArray(value) ? values : (values[0] ?? '');
    for (const v of values) {
      body.append(field, v);
    }
  }
  const ifMatch = recorded.headers?.['If-Match'];
  return {
    dryRun: true,
    method: 'POST',
    url: redactUrl(recorded.uri ?? ''),
    headers: typeof ifMatch === 'string' ? { 'If-Match': ifMatch } : {},
    form,
    body: body.toString(),
  };
}
