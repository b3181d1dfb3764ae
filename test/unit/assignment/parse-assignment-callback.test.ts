import { describe, expect, it } from 'vitest';
import { parseAssignmentCallback } from '../../../src/assignment/parse-assignment-callback.js';
import type { AppError } from '../../../src/shared/errors.js';

const form = {
  AccountSid: `AC${'a'.repeat(32)}`,
  WorkspaceSid: `WS${'1'.repeat(32)}`,
  WorkflowSid: `WW${'2'.repeat(32)}`,
  TaskQueueSid: `WQ${'3'.repeat(32)}`,
  WorkerSid: `WK${'4'.repeat(32)}`,
  TaskSid: `WT${'5'.repeat(32)}`,
  ReservationSid: `WR${'6'.repeat(32)}`,
  TaskAttributes: '{"type":"voice","nested":{"list":[1,2]}}',
  WorkerAttributes: '{"contact_uri":"client:alice"}',
  TaskAge: '12',
  TaskPriority: '5',
  Timestamp: '1700000000',
};

function refusal(body: Record<string, string>): string {
  try {
    parseAssignmentCallback(body);
  } catch (err) {
    expect((err as AppError).code).toBe('ERR_BODY_INVALID');
    expect((err as AppError).status).toBe(400);
    return (err as AppError).message;
  }
  throw new Error('expected a refusal');
}

describe('parseAssignmentCallback', () => {
  it('when all twelve parameters and an extra one arrive, then attributes are parsed and every string param is kept', () => {
    const cb = parseAssignmentCallback({ ...form, FutureParam: 'x' });
    expect(cb.facts.task).toEqual({ type: 'voice', nested: { list: [1, 2] } });
    expect(cb.facts.worker).toEqual({ contact_uri: 'client:alice' });
    expect(cb.facts.callback.TaskAge).toBe('12');
    expect(cb.facts.callback.FutureParam).toBe('x');
    expect(cb.identity).toMatchObject({
      reservationSid: form.ReservationSid,
      workflowSid: form.WorkflowSid,
    });
  });

  it.each([
    ['a missing ReservationSid', { ReservationSid: undefined }, /ReservationSid/],
    ['a non-SID TaskSid', { TaskSid: 'WT123' }, /TaskSid must be a WT SID/],
    [
      'attributes that are not JSON',
      { TaskAttributes: '{nope' },
      /TaskAttributes must be a JSON object/,
    ],
    [
      'attributes that are an array',
      { WorkerAttributes: '[1]' },
      /WorkerAttributes must be a JSON object/,
    ],
    [
      'oversized attributes',
      { TaskAttributes: JSON.stringify({ x: 'y'.repeat(20_000) }) },
      /TaskAttributes must be at most/,
    ],
    ['a non-numeric TaskAge', { TaskAge: 'old' }, /TaskAge must be a number/],
  ])('when the body has %s, then it is refused with a reason', (_name, change, reason) => {
    const body = { ...form, ...change } as Record<string, string>;
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined) {
        delete body[k];
      }
    }
    expect(refusal(body)).toMatch(reason);
  });
});
