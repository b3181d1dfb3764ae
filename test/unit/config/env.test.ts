import { describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_SID, loadConfig } from '../../../src/config/env.js';
import { AppError } from '../../../src/shared/errors.js';

const valid = {
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'secret-token',
  PUBLIC_BASE_URL: 'https://assigner.example.com/',
};

function problemsOf(env: Record<string, string>, opts = {}): string {
  try {
    loadConfig(env, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ERR_CONFIG_INVALID');
    return (err as AppError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('loadConfig', () => {
  it('when only the required variables are set, then the design.md §3 defaults apply and the result is frozen', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      port: 3000,
      publicBaseUrl: 'https://assigner.example.com',
      twilio: { taskrouterBaseUrl: 'https://taskrouter.twilio.com', apiKey: undefined },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'tra' },
      rulesPath: 'config/rules.yaml',
      admin: { token: undefined, dashboardWrite: false },
      logLevel: 'info',
      local: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.twilio)).toBe(true);
  });

  it('when several variables are wrong, then one error lists every problem by name', () => {
    const message = problemsOf({
      TWILIO_ACCOUNT_SID: 'nope',
      PORT: 'eighty',
      REDIS_URL: 'http://localhost',
      LOG_LEVEL: 'loud',
      TWILIO_API_KEY: `SK${'1'.repeat(32)}`,
    });
    for (const name of [
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'PORT',
      'REDIS_URL',
      'LOG_LEVEL',
      'TWILIO_API_KEY',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('when CALLBACK_BUDGET_MS is unset, then it is 2000; set, it is read; outside 50..4500 it is refused with why', () => {
    expect(loadConfig(valid).callbackBudgetMs).toBe(2000);
    expect(loadConfig({ ...valid, CALLBACK_BUDGET_MS: '300' }).callbackBudgetMs).toBe(300);
    expect(problemsOf({ ...valid, CALLBACK_BUDGET_MS: '5000' })).toMatch(
      /CALLBACK_BUDGET_MS: must be at most 4500: TaskRouter gives up/,
    );
    expect(problemsOf({ ...valid, CALLBACK_BUDGET_MS: '10' })).toMatch(
      /CALLBACK_BUDGET_MS: must be at least 50/,
    );
  });

  it('when PUBLIC_BASE_URL is missing outside local mode, then it is refused with how to fix it', () => {
    const { PUBLIC_BASE_URL: _omit, ...rest } = valid;
    expect(problemsOf(rest)).toMatch(
      /PUBLIC_BASE_URL: is required: set it to the URL prefix configured in TaskRouter/,
    );
  });

  it('when no credentials are set and local mode is allowed, then the simulator credentials are used', () => {
    const config = loadConfig({ PORT: '4000' }, { allowLocal: true });
    expect(config.local).toBe(true);
    expect(config.twilio.accountSid).toBe(LOCAL_ACCOUNT_SID);
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:4000');
  });

  it('when empty strings are given, then they count as unset', () => {
    expect(loadConfig({ ...valid, ADMIN_TOKEN: '', PORT: '' }).port).toBe(3000);
  });

  it('when the secrets are invalid, then the error message does not echo them', () => {
    const message = problemsOf({
      ...valid,
      TWILIO_API_KEY: `SK${'1'.repeat(32)}`,
      ADMIN_TOKEN: 'short-secret',
    });
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('secret-token');
  });

  it('when no HTTP_* limits are set, then keep-alive outlives a 60 s load balancer idle timeout and the other limits are finite', () => {
    expect(loadConfig(valid).http).toEqual({
      keepAliveTimeoutMs: 65_000,
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 10_000,
      maxConnections: 4096,
      listenBacklog: 4096,
    });
  });

  it('when the HTTP_* limits are set, then they are taken; when they are not positive integers or headers exceed the request timeout, then each is named', () => {
    expect(
      loadConfig({
        ...valid,
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '350000',
        HTTP_HEADERS_TIMEOUT_MS: '8000',
        HTTP_REQUEST_TIMEOUT_MS: '20000',
        HTTP_MAX_CONNECTIONS: '100',
        HTTP_LISTEN_BACKLOG: '1024',
      }).http,
    ).toEqual({
      keepAliveTimeoutMs: 350_000,
      headersTimeoutMs: 8_000,
      requestTimeoutMs: 20_000,
      maxConnections: 100,
      listenBacklog: 1024,
    });
    const message = problemsOf({
      ...valid,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '0',
      HTTP_MAX_CONNECTIONS: 'many',
      HTTP_REQUEST_TIMEOUT_MS: '1.5',
      HTTP_LISTEN_BACKLOG: '0',
    });
    expect(message).toContain('HTTP_KEEP_ALIVE_TIMEOUT_MS');
    expect(message).toContain('HTTP_MAX_CONNECTIONS');
    expect(message).toContain('HTTP_REQUEST_TIMEOUT_MS');
    expect(message).toContain('HTTP_LISTEN_BACKLOG');
    expect(
      problemsOf({ ...valid, HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }),
    ).toMatch(/HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/);
  });
});
