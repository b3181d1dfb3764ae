import type { InstructionKind } from '../types.js';

/**
 * The parameters each instruction takes in a rules file, by canonical camelCase name, with the
 * type the REST API declares for the field it maps to
 * (`reference/twilio_taskrouter_v1.openapi.json`, operation `UpdateTaskReservation`).
 * Rules files may also spell a name in snake_case; the loader folds it to this form.
 */
export type ParamType = 'string' | 'integer' | 'boolean' | 'string-list';

/** The documented forms of a contact address (taskrouter-facts.md §2, the OpenAPI `…To`). */
export type AddressForm = 'e164' | 'client' | 'sip';

export interface ParamSpec {
  readonly type: ParamType;
  /** Allowed values (for `string`, or for each item of a `string-list`). */
  readonly enum?: readonly string[];
  /** A regular expression a literal string must match (SIDs); templated values are checked when rendered. */
  readonly pattern?: RegExp;
  /** The Reservation document marks the REST field as required for this instruction. */
  readonly required?: boolean;
  /** Holds a secret: never logged, never stored unsealed. */
  readonly secret?: boolean;
  /**
   * An absolute http(s) URL (OpenAPI `format: uri`): templated values are percent-encoded for the
   * part of the URL they land in, and cannot choose its scheme or host.
   */
  readonly url?: boolean;
  /** A phone number, client or SIP address: the forms its value may take, literal or rendered. */
  readonly address?: readonly AddressForm[];
}

const ACTIVITY_SID = /^WA[0-9a-fA-F]{32}$/;
const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const HTTP_METHOD = ['GET', 'POST'] as const;
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
const CONFERENCE_EVENTS = ['start', 'end', 'join', 'leave', 'mute', 'hold', 'speaker'] as const;

const str: ParamSpec = { type: 'string' };
const int: ParamSpec = { type: 'integer' };
const bool: ParamSpec = { type: 'boolean' };
const method: ParamSpec = { type: 'string', enum: HTTP_METHOD };
const activity: ParamSpec = { type: 'string', pattern: ACTIVITY_SID };
const url: ParamSpec = { type: 'string', url: true };
// Who the worker is dialled at: "Twilio Client URI, SIP URI, or E.164 number" (OpenAPI CallTo).
const contact: ParamSpec = { type: 'string', address: ['e164', 'client', 'sip'] };
// The caller ID: a number the account may use, or a client identifier (Calls and Participants API).
const callerId: ParamSpec = { type: 'string', address: ['e164', 'client'] };

export const INSTRUCTION_CATALOG: Readonly<
  Record<InstructionKind, Readonly<Record<string, ParamSpec>>>
> = {
  accept: {},
  reject: { activitySid: activity },
  dequeue: {
    from: { ...callerId, required: true },
    to: contact,
    postWorkActivitySid: activity,
    record: str,
    timeout: int,
    statusCallbackUrl: url,
    statusCallbackEvent: { type: 'string-list', enum: CALL_EVENTS },
  },
  call: {
    from: { ...callerId, required: true },
    url: { ...url, required: true },
    to: contact,
    accept: bool,
    record: str,
    timeout: int,
    statusCallbackUrl: url,
  },
  redirect: {
    callSid: { type: 'string', pattern: CALL_SID, required: true },
    url: { ...url, required: true },
    accept: bool,
  },
  // The worker leg's Conference Participant fields, as the OpenAPI file lists them for
  // UpdateTaskReservation (Supervise-only fields excluded).
  conference: {
    to: contact,
    from: callerId,
    timeout: int,
    postWorkActivitySid: activity,
    statusCallback: url,
    statusCallbackMethod: method,
    statusCallbackEvent: { type: 'string-list', enum: CALL_EVENTS },
    record: bool,
    muted: bool,
    beep: { type: 'string', enum: ['true', 'false', 'onEnter', 'onExit'] },
    startConferenceOnEnter: bool,
    endConferenceOnExit: bool,
    waitUrl: url,
    waitMethod: method,
    earlyMedia: bool,
    maxParticipants: int,
    conferenceStatusCallback: url,
    conferenceStatusCallbackMethod: method,
    conferenceStatusCallbackEvent: { type: 'string-list', enum: CONFERENCE_EVENTS },
    conferenceRecord: {
      type: 'string',
      enum: ['true', 'false', 'record-from-start', 'do-not-record'],
    },
    conferenceTrim: { type: 'string', enum: ['trim-silence', 'do-not-trim'] },
    recordingChannels: { type: 'string', enum: ['mono', 'dual'] },
    recordingStatusCallback: url,
    recordingStatusCallbackMethod: method,
    conferenceRecordingStatusCallback: url,
    conferenceRecordingStatusCallbackMethod: method,
    region: str,
    sipAuthUsername: str,
    sipAuthPassword: { type: 'string', secret: true },
    endConferenceOnCustomerExit: bool,
    beepOnCustomerEntrance: bool,
    jitterBufferSize: { type: 'string', enum: ['small', 'medium', 'large', 'off'] },
  },
};
