import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { signForm } from '../support/sign-callback.js';
import {
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  startService,
  type TestService,
} from '../support/start-service.js';

let svc: TestService;

beforeEach(async () => {
  svc = await startService({ rulesPath: 'test/fixtures/rules/e2e.yaml', worker: false });
});
afterEach(async () => {
  await svc.close();
});

const warnings = () =>
  svc.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.differsIn !== undefined);

describe('a refused signature explained (issue 12)', () => {
  it('when TaskRouter signs for http:// while PUBLIC_BASE_URL is https://, then the callback is refused 403 and one warning names the base that would match', async () => {
    const httpBase = PUBLIC_BASE_URL.replace('https://', 'http://');
    for (let i = 0; i < 3; i += 1) {
      const params = svc.callback({ taskAttributes: { flow: 'accept' } });
      const { body, signature } = signForm(AUTH_TOKEN, httpBase + ASSIGNMENT_PATH, params);
      const res = await svc.post(ASSIGNMENT_PATH, body, {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      });
      expect(res.status).toBe(403);
    }
    expect(warnings()).toEqual([
      expect.objectContaining({
        level: 40,
        differsIn: 'scheme',
        wouldMatch: httpBase,
        publicBaseUrl: PUBLIC_BASE_URL,
      }),
    ]);
  });

  it('when a request is signed with another token, then it is refused and nothing is explained', async () => {
    const params = svc.callback({ taskAttributes: { flow: 'accept' } });
    const { body, signature } = signForm(
      'not-the-auth-token',
      PUBLIC_BASE_URL.replace('https://', 'http://') + ASSIGNMENT_PATH,
      params,
    );
    const res = await svc.post(ASSIGNMENT_PATH, body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    });
    expect(res.status).toBe(403);
    expect(warnings()).toEqual([]);
  });
});
