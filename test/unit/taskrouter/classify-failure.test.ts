import { describe, expect, it } from 'vitest';
import { classifyFailure, parseRetryAfter } from '../../../src/taskrouter/classify-failure.js';

describe('classifyFailure', () => {
  it.each([
    [
      { status: 429, code: 20429, retryAfterMs: 2000 },
      { kind: 'rate-limited', retryAfterMs: 2000, statusClass: '4xx', twilioCode: '20429' },
    ],
    [
      { status: 503, code: 20503 },
      { kind: 'retryable', applied: 'no', statusClass: '5xx' },
    ],
    [
      { status: 500 },
      { kind: 'retryable', applied: 'unknown', statusClass: '5xx', label: 'HTTP 500' },
    ],
    [
      { status: 400, code: 40136 },
      { kind: 'rejected', status: 400, twilioCode: '40136', label: 'twilio:40136 (HTTP 400)' },
    ],
    [
      { status: 404, code: 20404 },
      { kind: 'rejected', status: 404, refusal: 'not-found' },
    ],
    [
      { status: 401, code: 20003 },
      { kind: 'rejected', status: 401, refusal: 'credentials' },
    ],
    [
      { status: 403, code: 20003 },
      { kind: 'rejected', status: 403, refusal: 'credentials' },
    ],
    [
      { status: 412, code: 20412 },
      { kind: 'rejected', status: 412, refusal: 'request' },
    ],
    [{ code: 'ECONNREFUSED' }, { kind: 'retryable', applied: 'no', statusClass: 'network' }],
    [{ code: 'ECONNRESET' }, { kind: 'retryable', applied: 'unknown', label: 'ECONNRESET' }],
    [{ code: 'ECONNABORTED' }, { kind: 'retryable', applied: 'unknown' }],
    [new Error('boom'), { kind: 'retryable', applied: 'unknown', label: 'Error' }],
    [undefined, { kind: 'retryable', applied: 'unknown' }],
  ])('when the error is %j, then it is classified %j', (err, expected) => {
    expect(classifyFailure(err)).toMatchObject(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['', undefined],
    ['soon', undefined],
    [undefined, undefined],
  ])('when the header is %j, then the wait is %j ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
