import { afterEach, describe, expect, it } from 'vitest';
import { adminRequest } from '../support/admin-client.js';
import { ADMIN_TOKEN, startService, type TestService } from '../support/start-service.js';

const RULES = 'test/fixtures/rules/e2e.yaml';
const API = '/admin/queues/api/queues';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

/** The service without a worker, and one async job waiting in the queue. */
async function withWaitingJob(env: Record<string, string> = {}) {
  svc = await startService({ rulesPath: RULES, worker: false, env });
  const params = svc.callback({ taskAttributes: { flow: 'accept' } });
  expect((await svc.postSigned(params)).status).toBe(200);
  return { s: svc, jobId: params.ReservationSid! };
}

describe('queue dashboard access', () => {
  it('when a browser comes without credentials, then 401 with a Basic challenge so it asks for them', async () => {
    const { s } = await withWaitingJob();
    for (const path of [
      '/admin/queues',
      '/admin/queues/',
      API,
      '/admin/queues/static/favicon-32x32.png',
    ]) {
      const res = await adminRequest(s.url, path, { auth: 'none' });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Basic realm="taskrouter-assigner admin", charset="UTF-8"',
      );
      expect(res.json).toMatchObject({ error: 'ERR_ADMIN_UNAUTHORIZED' });
    }
  });

  const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
  it.each([
    ['a wrong Basic password', basic('ops:wrong-password-wrong-password')],
    ['the token as the Basic user name instead of the password', basic(`${ADMIN_TOKEN}:`)],
    ['Basic credentials without a colon', basic(ADMIN_TOKEN)],
    ['a wrong bearer token', 'Bearer wrong-token-wrong-token'],
  ])('when it comes with %s, then 401', async (_n, authorization) => {
    const { s } = await withWaitingJob();
    const res = await fetch(`${s.url}/admin/queues`, { headers: { authorization } });
    expect(res.status).toBe(401);
  });

  it.each([
    ['Basic credentials (any user, ADMIN_TOKEN as password)', { basic: ADMIN_TOKEN }],
    ['the bearer token', 'bearer' as const],
  ])('when it comes with %s, then the page and the API answer', async (_n, auth) => {
    const { s } = await withWaitingJob();
    const page = await adminRequest(s.url, '/admin/queues', { auth });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(page.headers.get('cache-control')).toBe('no-store');
    const api = await adminRequest(s.url, `${API}?activeQueue=reservations&status=waiting`, {
      auth,
    });
    expect(api.status).toBe(200);
    const queues = (
      api.json as {
        queues: { name: string; readOnlyMode: boolean; counts: Record<string, number> }[];
      }
    ).queues;
    expect(queues).toHaveLength(1);
    expect(queues[0]).toMatchObject({
      name: 'reservations',
      readOnlyMode: true,
      counts: { waiting: 1 },
    });
  });

  it("when the dashboard answers, then its CSP differs from the app's only by dropping upgrade-insecure-requests", async () => {
    const { s } = await withWaitingJob();
    const dashboard =
      (await adminRequest(s.url, '/admin/queues')).headers.get('content-security-policy') ?? '';
    const app = (await fetch(`${s.url}/healthz`)).headers.get('content-security-policy') ?? '';
    const directives = (csp: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .sort();
    expect(directives(app)).toContain('upgrade-insecure-requests');
    expect(directives(app).filter((d) => d !== 'upgrade-insecure-requests')).toEqual(
      directives(dashboard),
    );
    expect(directives(dashboard)).toContain("script-src 'self'");
  });

  it('when /healthz, /readyz and /metrics are called without credentials, then they answer: they are outside the dashboard', async () => {
    const { s } = await withWaitingJob();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await fetch(s.url + path)).status, path).toBe(200);
    }
  });

  it('when a path under the dashboard is unknown, then 404 after the credentials check', async () => {
    const { s } = await withWaitingJob();
    expect((await adminRequest(s.url, '/admin/queues/no-such-page/really')).status).toBe(404);
    expect(
      (await adminRequest(s.url, '/admin/queues/no-such-page/really', { auth: 'none' })).status,
    ).toBe(401);
  });

  it('when wrong credentials keep coming from one address, then it is refused with 429 before the check', async () => {
    const { s } = await withWaitingJob({ MAX_REFUSALS_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push(
        (await adminRequest(s.url, '/admin/queues', { auth: { basic: 'guess-guess-guess-guess' } }))
          .status,
      );
    }
    statuses.push((await adminRequest(s.url, '/admin/queues')).status);
    statuses.push((await adminRequest(s.url, '/admin/reservations')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Callbacks have a limiter of their own and are not affected.
    const params = s.callback({ taskAttributes: { flow: 'accept', inline: true } });
    expect((await s.postSigned(params)).status).toBe(200);
  });
  it('when an authorised operator gets 404s and 400s, then they do not count as refusals', async () => {
    const { s } = await withWaitingJob({ MAX_REFUSALS_PER_MINUTE: '2' });
    for (let i = 0; i < 4; i += 1) {
      expect((await adminRequest(s.url, '/admin/queues/no-such-page/really')).status).toBe(404);
      expect((await adminRequest(s.url, '/admin/reservations?state=nope')).status).toBe(400);
    }
    expect((await adminRequest(s.url, '/admin/queues')).status).toBe(200);
  });
});

describe('queue dashboard actions', () => {
  it('when read-only (the default), then retrying, adding, pausing and cleaning are refused with 405 and nothing changes', async () => {
    const { s, jobId } = await withWaitingJob();
    const refused = [
      ['PUT', `${API}/reservations/${jobId}/retry`],
      ['PUT', `${API}/reservations/retry/failed`],
      ['PUT', `${API}/reservations/${jobId}/clean`],
      ['PUT', `${API}/reservations/pause`],
      ['PUT', `${API}/reservations/empty`],
      ['POST', `${API}/reservations/add`],
    ] as const;
    for (const [method, path] of refused) {
      const res = await adminRequest(s.url, path, { method, body: { name: 'x', data: {} } });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.text).toContain('QUEUE_READ_ONLY');
    }
    expect(await s.queue.getJobState(jobId)).toBe('waiting');
    expect(await s.queue.isPaused()).toBe(false);
    expect(await s.queue.count()).toBe(1);
  });

  it('when ADMIN_DASHBOARD_WRITE=true, then actions go through', async () => {
    const { s, jobId } = await withWaitingJob({ ADMIN_DASHBOARD_WRITE: 'true' });
    const api = await adminRequest(s.url, API);
    expect(api.json).toMatchObject({ queues: [{ name: 'reservations', readOnlyMode: false }] });
    // A waiting job cannot be retried: bull-board itself says so, no longer the read-only guard.
    const retry = await adminRequest(s.url, `${API}/reservations/${jobId}/retry`, {
      method: 'PUT',
    });
    expect(retry.status).toBe(400);
    expect(retry.text).not.toContain('QUEUE_READ_ONLY');
    expect((await adminRequest(s.url, `${API}/reservations/pause`, { method: 'PUT' })).status).toBe(
      200,
    );
    expect(await s.queue.isPaused()).toBe(true);
  });
});
