import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { requireBearerToken } from '../../../src/http/require-bearer-token.js';
import { AppError } from '../../../src/shared/errors.js';

const TOKEN = 'admin-token-0123456789abcdef';
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

/** Runs the middleware on a request with this Authorization header. */
function run(authorization: string | undefined, opts: { basic?: boolean } = {}) {
  const headers: Record<string, string> = {};
  const req = {
    get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
  } as unknown as Request;
  const res = { set: (k: string, v: string) => void (headers[k] = v) } as unknown as Response;
  let passed = false;
  let error: unknown;
  try {
    requireBearerToken(TOKEN, opts)(req, res, (() => void (passed = true)) as NextFunction);
  } catch (err) {
    error = err;
  }
  return { passed, error, headers };
}

describe('requireBearerToken', () => {
  it.each([`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `Bearer  ${TOKEN} `])(
    'when the header is %j, then the request passes',
    (header) => {
      expect(run(header).passed).toBe(true);
    },
  );

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'Bearer admin-token-0123456789abcdeX'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token with a suffix', `Bearer ${TOKEN}x`],
    ['the token without a scheme', TOKEN],
    ['Basic credentials where only bearer is taken', basic(`ops:${TOKEN}`)],
  ])('when there is %s, then 401 with a Bearer challenge', (_n, header) => {
    const { passed, error, headers } = run(header);
    expect(passed).toBe(false);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ERR_ADMIN_UNAUTHORIZED');
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="taskrouter-assigner admin"');
  });

  it.each([
    ['any user name', basic(`ops:${TOKEN}`)],
    ['an empty user name', basic(`:${TOKEN}`)],
    ['the bearer token instead', `Bearer ${TOKEN}`],
  ])(
    'when Basic is allowed and the credentials are right (%s), then the request passes',
    (_n, header) => {
      expect(run(header, { basic: true }).passed).toBe(true);
    },
  );

  it('when a token holds a colon, then only the user name is cut from a Basic password', () => {
    const withColon = 'admin:token:0123456789abcdef';
    const headers: Record<string, string> = {};
    const req = { get: () => basic(`ops:${withColon}`) } as unknown as Request;
    const res = { set: (k: string, v: string) => void (headers[k] = v) } as unknown as Response;
    let passed = false;
    requireBearerToken(withColon, { basic: true })(
      req,
      res,
      (() => void (passed = true)) as NextFunction,
    );
    expect(passed).toBe(true);
  });

  it.each([
    ['the token as user name', basic(`${TOKEN}:`)],
    ['no colon at all', basic(TOKEN)],
    ['a wrong password', basic('ops:nope')],
    ['malformed base64', 'Basic !!!'],
  ])(
    'when Basic is allowed but carries %s, then 401 with a Basic challenge a browser answers',
    (_n, header) => {
      const { passed, headers } = run(header, { basic: true });
      expect(passed).toBe(false);
      expect(headers['WWW-Authenticate']).toBe(
        'Basic realm="taskrouter-assigner admin", charset="UTF-8"',
      );
    },
  );
});
