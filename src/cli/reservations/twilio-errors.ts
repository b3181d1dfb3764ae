/**
 * What the Twilio error codes a Reservation fetch, list or update can meet mean, and what to do
 * about them, for people recovering from an incident by hand. Sources:
 * `reference/taskrouter-facts.md` §2–§3 and https://www.twilio.com/docs/api/errors/<code>.
 */
export interface TwilioErrorGuide {
  /** What the code means, in a few words. */
  readonly meaning: string;
  /** What to do next. */
  readonly action: string;
}

const FETCH_STATUS =
  'run `reservations fetch` to see its status; a reservation that is no longer pending cannot be updated, and a new one is made if the task is reserved again (`reservations list --status pending`)';
const NOT_PENDING = (instruction: string): TwilioErrorGuide => ({
  meaning: `the ${instruction} instruction cannot run: the reservation is no longer pending (accepted, rejected, timed out, canceled or rescinded)`,
  action: FETCH_STATUS,
});
const BAD_PARAM = (what: string, param: string): TwilioErrorGuide => ({
  meaning: what,
  action: `check --param ${param} (see \`reservations update <instruction> --help\`)`,
});
const CONTACT = (instruction: string): TwilioErrorGuide => ({
  meaning: `the ${instruction} instruction has no valid number to call the worker at: 'to' is missing or invalid and the worker has no usable contact_uri attribute`,
  action:
    'pass --param to=<E.164 number, client:name or sip:uri>, or set contact_uri in the worker attributes',
});
const CALLER_ID = (instruction: string): TwilioErrorGuide => ({
  meaning: `the ${instruction} instruction's caller ID ('from') is missing or not a Twilio number or verified caller ID of this account`,
  action: 'pass --param from=<a Twilio number or verified caller ID of the account>',
});
const ACTIVITY: TwilioErrorGuide = {
  meaning: 'the activity SID is not an Activity of this workspace',
  action: 'pass the SID (WA…) of an Activity of the same workspace',
};
const CALL_FAILED: TwilioErrorGuide = {
  meaning: 'TaskRouter could not place the call (the Voice API refused it)',
  action: 'check the numbers and URLs passed, and the Twilio console debugger for the Voice error',
};

export const TWILIO_ERROR_GUIDES: Readonly<Record<number, TwilioErrorGuide>> = {
  20001: {
    meaning:
      'invalid parameter: TaskRouter refused a field or the change asked for (the message says which); updating a reservation that is no longer pending can end here too',
    action: `fix the field named in the message; if the reservation is not pending, ${FETCH_STATUS}`,
  },
  20003: {
    meaning: 'authentication failed: the credentials were refused',
    action:
      'check TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or TWILIO_API_KEY with TWILIO_API_SECRET): the live credentials of the account that owns the workspace, without extra spaces; and that TASKROUTER_BASE_URL is the service they belong to',
  },
  20004: {
    meaning: 'method not allowed on this resource',
    action:
      'check TASKROUTER_BASE_URL: it should be https://taskrouter.twilio.com or a faithful proxy',
  },
  20404: {
    meaning:
      'not found: no such workspace, task or reservation under this account (or it was deleted)',
    action:
      'check the WS/WT/WR SIDs and that the credentials are for the account that owns them; `reservations list --workspace … --task …` shows the task’s reservations',
  },
  20409: {
    meaning: 'conflict: the reservation is not in a state that allows this change',
    action: FETCH_STATUS,
  },
  20412: {
    meaning:
      'precondition failed: the reservation changed since the ETag given with --if-match, so nothing was changed',
    action:
      'run `reservations fetch` for its current status and etag; if the update still makes sense, repeat it with the new --if-match',
  },
  20429: {
    meaning: 'too many requests: the account is over its TaskRouter rate limit; nothing was done',
    action: 'wait a few seconds and retry; safe, since a 429 is never processed',
  },
  20500: {
    meaning: 'TaskRouter failed internally; the request may or may not have taken effect',
    action: 'run `reservations fetch` before retrying an update',
  },
  20503: {
    meaning: 'TaskRouter is unavailable; nothing was done',
    action: 'retry after a short wait',
  },
  40100: {
    meaning: 'reject: the activity SID is missing or not an Activity of this workspace',
    action: 'pass --param activitySid=WA… of an Activity of the same workspace, or leave it out',
  },
  40110: CONTACT('call'),
  40111: CALLER_ID('call'),
  40112: BAD_PARAM("call: the TwiML 'url' for the worker's leg is missing or invalid", 'url'),
  40113: CALL_FAILED,
  40114: NOT_PENDING('call'),
  40120: BAD_PARAM("redirect: the TwiML 'url' is missing or invalid", 'url'),
  40121: BAD_PARAM(
    "redirect: 'callSid' is missing or not a call SID (CA and 32 hex digits)",
    'callSid',
  ),
  40122: {
    meaning: 'redirect: the call is no longer in progress (or the call SID names no call)',
    action:
      'the caller has gone: there is nothing to redirect; reject or let the reservation time out',
  },
  40123: NOT_PENDING('redirect'),
  40130: { ...ACTIVITY, meaning: `dequeue: ${ACTIVITY.meaning} (postWorkActivitySid)` },
  40131: CONTACT('dequeue'),
  40132: CALLER_ID('dequeue'),
  40133: CALL_FAILED,
  40134: BAD_PARAM(
    'dequeue: the status callback events are not all of initiated, ringing, answered, completed',
    'statusCallbackEvent',
  ),
  40135: NOT_PENDING('dequeue'),
  40136: {
    meaning:
      'conference: the reservation is no longer pending, or the caller hung up / the task was canceled',
    action: FETCH_STATUS,
  },
  40137: CONTACT('conference'),
  40138: CALLER_ID('conference'),
  40139: { ...ACTIVITY, meaning: `conference: ${ACTIVITY.meaning} (postWorkActivitySid)` },
  40140: {
    meaning:
      'dequeue: the task has no call_sid attribute: dequeue only works for tasks made by <Enqueue>',
    action: 'use conference or call instead, or accept and connect the worker yourself',
  },
  40141: CALLER_ID('conference'),
  40142: {
    meaning:
      'conference: the task has neither a call_sid nor an outbound_to attribute, so there is no customer leg',
    action: 'use accept for non-voice tasks, or give voice tasks call_sid and to attributes',
  },
  40143: { ...ACTIVITY, meaning: `conference: ${ACTIVITY.meaning} (postWorkActivitySid)` },
  40144: {
    meaning:
      'conference: the reservation is no longer pending, or the caller hung up before the worker joined',
    action: FETCH_STATUS,
  },
  40145: CALL_FAILED,
  40149: {
    meaning: 'conference: a transferred task has no conference_sid',
    action: 'transfers need the conference of the original call; check the task attributes',
  },
  40151: {
    meaning:
      'this instruction is not allowed on a task being transferred (only accept, reject, conference)',
    action: 'use accept, reject or conference',
  },
  40157: BAD_PARAM('dequeue: the status callback URL is invalid', 'statusCallbackUrl'),
  40158: BAD_PARAM('call: the status callback URL is invalid', 'statusCallbackUrl'),
  40159: BAD_PARAM('conference: the status callback URL is invalid', 'statusCallback'),
};

/** HTTP statuses without a Twilio code, read as the code they stand for. */
const BY_STATUS: Readonly<Record<number, number>> = {
  401: 20003,
  403: 20003,
  404: 20404,
  412: 20412,
  429: 20429,
  500: 20500,
  503: 20503,
};

/** The guide for a failure's Twilio code, else for its HTTP status; undefined when neither is known. */
export function guideFor(
  code: number | undefined,
  status: number | undefined,
): TwilioErrorGuide | undefined {
  const byCode = code === undefined ? undefined : TWILIO_ERROR_GUIDES[code];
  if (byCode !== undefined) {
    return byCode;
  }
  const fallback = status === undefined ? undefined : BY_STATUS[status];
  return fallback === undefined ? undefined : TWILIO_ERROR_GUIDES[fallback];
}
