import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../support/chromium.js';
import { ADMIN_TOKEN, startService, type TestService } from '../support/start-service.js';

/**
 * The queue dashboard in a real browser: Debian's chromium, driven by playwright-core (which
 * downloads no browser of its own). CI installs chromium (`apt-get install -y chromium`); a
 * developer machine without it skips this file with a message, but CI never does.
 */
const skip = skipWithoutChromium('dashboard.browser.int.test.ts');

/** A name that is not loopback to the browser (so plain HTTP is "insecure" there) but resolves to it. */
const PLAIN_HTTP_HOST = 'dashboard.test';
/** The queue's entry in the sidebar (its card on the overview links to the same place). */
const SIDEBAR_LINK = '#bull-board-sidebar a[href="/admin/queues/queue/reservations"]';

describe.skipIf(skip)('queue dashboard in a real browser', () => {
  let browser: Browser;
  let svc: TestService;
  let jobId: string;

  beforeAll(async () => {
    browser = await launchChromium([`--host-resolver-rules=MAP ${PLAIN_HTTP_HOST} 127.0.0.1`]);
    // No worker: the job stays waiting, so the dashboard has something to show.
    svc = await startService({ rulesPath: 'test/fixtures/rules/e2e.yaml', worker: false });
    const params = svc.callback({ taskAttributes: { flow: 'accept' } });
    expect((await svc.postSigned(params)).status).toBe(200);
    jobId = params.ReservationSid!;
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  /**
   * A fresh context (its own profile) that reaches nothing but this machine: the dashboard's
   * page links a web font from the internet, which is refused here rather than fetched.
   */
  async function open(
    opts: BrowserContextOptions,
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext(opts);
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' || host === PLAIN_HTTP_HOST ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) {
        problems.push(`console: ${msg.text()}`);
      }
    });
    return { context, page, problems };
  }

  async function expectDashboard(page: Page, problems: string[], url: string) {
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    const link = page.locator(SIDEBAR_LINK);
    await link.waitFor({ state: 'visible', timeout: 15_000 });
    expect((await link.textContent())?.trim()).toBe('reservations');
    await link.click();
    // The waiting job, listed under its id: the ReservationSid.
    await page.getByText(jobId).first().waitFor({ state: 'visible', timeout: 15_000 });
    expect(problems).toEqual([]);
  }

  it('when opened with Basic credentials (any user, ADMIN_TOKEN as password), then it renders and shows the reservations queue and its job', async () => {
    const { context, page, problems } = await open({
      httpCredentials: { username: 'ops', password: ADMIN_TOKEN },
    });
    try {
      await expectDashboard(page, problems, `${svc.url}/admin/queues`);
      await expect(page.title()).resolves.toBe('taskrouter-assigner');
    } finally {
      await context.close();
    }
  });

  it('when opened with the bearer token as a header, then it renders too', async () => {
    const { context, page, problems } = await open({
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    try {
      await expectDashboard(page, problems, `${svc.url}/admin/queues`);
    } finally {
      await context.close();
    }
  });

  it('when served over plain HTTP under a non-loopback name, then it still renders (the CSP keeps no upgrade-insecure-requests there)', async () => {
    const { context, page, problems } = await open({
      httpCredentials: { username: 'ops', password: ADMIN_TOKEN },
    });
    try {
      await expectDashboard(
        page,
        problems,
        `${svc.url.replace('127.0.0.1', PLAIN_HTTP_HOST)}/admin/queues`,
      );
    } finally {
      await context.close();
    }
  });

  it('when opened without credentials, then it is refused with 401 and a Basic challenge, and nothing of the dashboard loads', async () => {
    const { context, page } = await open({});
    try {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/queues');
      // With a Basic challenge and no credentials to give, chromium ends the navigation itself
      // (a person would see a login prompt); the 401 it was given is what matters here.
      const navigation = await page.goto(`${svc.url}/admin/queues`).then(
        (r) => r?.status(),
        (err: Error) => err.message,
      );
      const res = await answered;
      expect(res.status()).toBe(401);
      expect(res.headers()['www-authenticate']).toMatch(/^Basic realm=/);
      expect(String(navigation)).toMatch(/^401$|ERR_INVALID_AUTH_CREDENTIALS/);
      expect(await page.locator(SIDEBAR_LINK).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('when opened with a wrong password, then it is refused with 401', async () => {
    const { context, page } = await open({
      httpCredentials: { username: 'ops', password: 'not-the-admin-token' },
    });
    try {
      const res = await page.goto(`${svc.url}/admin/queues`);
      expect(res?.status()).toBe(401);
      expect(await page.locator(SIDEBAR_LINK).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
