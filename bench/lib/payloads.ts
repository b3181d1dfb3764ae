import { randomBytes } from 'node:crypto';
import { signForm } from '../../test/support/sign-callback.js';

/** Credentials and SIDs shared by the bench harnesses, the service under test and the simulator. */
export const BENCH_ACCOUNT_SID = `AC${'be0c'.repeat(8)}`;
export const BENCH_AUTH_TOKEN = 'bench-auth-token-not-a-secret';
export const BENCH_WORKSPACE_SID = `WS${'be0c'.repeat(8)}`;
/** The workflow named in `bench/rules/*.yaml` (reservation timeout 30 s). */
export const BENCH_WORKFLOW_SID = `WWbe0c${'0'.repeat(28)}`;
export const ASSIGNMENT_PATH = '/taskrouter/assignment';
/** The queue of the end-to-end bench's by-hand peer (`by-hand-web.ts`, `by-hand-worker.ts`). */
export const BY_HAND_QUEUE = 'by-hand';

/** Task and worker attributes of a chat task: the bench rules walk five rules, then accept. */
export const TASK_ATTRIBUTES = {
  type: 'chat',
  channel: 'web',
  language: 'en',
  customer: { id: 'cus_8423', name: 'Ada Lovelace', tier: 'gold' },
  conversation_sid: 'CH0123456789abcdef0123456789abcdef',
  skills: ['billing', 'english'],
};
export const WORKER_ATTRIBUTES = {
  level: 'senior',
  skills: ['billing', 'support', 'english', 'spanish'],
  contact_uri: 'client:alice',
  languages: ['en', 'es'],
};

export const newSid = (prefix: string): string => prefix + randomBytes(16).toString('hex');

/** The twelve parameters of an Assignment Callback, as the simulator builds them, with a new WR. */
export function assignmentParams(now: number = Date.now()): Record<string, string> {
  return {
    Timestamp: String(Math.floor(now / 1000)),
    AccountSid: BENCH_ACCOUNT_SID,
    WorkspaceSid: BENCH_WORKSPACE_SID,
    WorkflowSid: BENCH_WORKFLOW_SID,
    TaskQueueSid: `WQ${'be0c'.repeat(8)}`,
    WorkerSid: newSid('WK'),
    WorkerAttributes: JSON.stringify(WORKER_ATTRIBUTES),
    TaskSid: newSid('WT'),
    TaskAttributes: JSON.stringify(TASK_ATTRIBUTES),
    TaskAge: '4',
    TaskPriority: '0',
    ReservationSid: newSid('WR'),
  };
}

/**
 * `count` signed callbacks, each with its own ReservationSid, signed (with the twilio library's
 * function, over the exact body) for `publicBaseUrl + ASSIGNMENT_PATH`. Built before a step starts
 * so signing never runs in the generator's hot loop.
 */
export function signedCallbacks(
  count: number,
  publicBaseUrl: string,
): Array<{ body: string; signature: string }> {
  const url = publicBaseUrl + ASSIGNMENT_PATH;
  const out: Array<{ body: string; signature: string }> = [];
  for (let i = 0; i < count; i += 1) {
    out.push(signForm(BENCH_AUTH_TOKEN, url, assignmentParams()));
  }
  return out;
}
