import { writeFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../support/chromium.js';
import { TIMELINE_COLORS } from '../../src/http/draw-timeline-svg.js';
import { newSid } from '../support/sids.js';
import { ADMIN_TOKEN, startService, WW, type TestService } from '../support/start-service.js';

/** A Workflow whose 5 s timeout, less the 1 s margin, puts the deadline 4 s after the callback. */
const WW_SHORT = newSid('WW');

/**
 * The timeline page in a real browser: Debian's chromium, driven by playwright-core, launched as
 * the dashboard's browser test launches it. A screenshot is taken and read back pixel by pixel.
 * Set TIMELINE_SCREENSHOT=path to keep a copy to look at.
 */
const skip = skipWithoutChromium('timeline.browser.int.test.ts');

type Rgb = readonly [number, number, number];
const rgbOf = (hex: string): Rgb =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
const near = (a: Rgb, b: Rgb) => a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= 8);

describe.skipIf(skip)('timeline page in a real browser', () => {
  let browser: Browser;
  let svc: TestService;

  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startService({
      rulesPath: 'test/fixtures/rules/e2e.yaml',
      workflows: {
        [WW]: { taskReservationTimeout: 30 },
        [WW_SHORT]: { taskReservationTimeout: 5 },
      },
      env: { RETRY_BASE_MS: '50', RETRY_MAX_MS: '200' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  /** A page that may reach this machine only, and the CSP complaints it logs. */
  async function open(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
      viewport: { width: 1100, height: 1400 },
      deviceScaleFactor: 1,
    });
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') {
        return route.continue();
      }
      outside.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = outside;
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => problems.push(`console: ${msg.text()}`));
    return { context, page, problems };
  }

  /** Reads pixels of a PNG by drawing it on a canvas in a blank page (no image library needed). */
  async function pixelsAt(
    png: Buffer,
    points: readonly (readonly [number, number])[],
  ): Promise<Rgb[]> {
    const blank = await browser.newPage();
    try {
      // A string, run in the page: this project's TypeScript has no DOM types.
      const script = `(async () => {
        const img = new Image();
        img.src = 'data:image/png;base64,${png.toString('base64')}';
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        return ${JSON.stringify(points.map(([x, y]) => [Math.round(x), Math.round(y)]))}
          .map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3)));
      })()`;
      return await blank.evaluate<Rgb[]>(script);
    } finally {
      await blank.close();
    }
  }

  it("when an update was refused twice (503) and then taken, then the page draws the deadline, one bar per attempt in its answer's colour, and the final state", async () => {
    svc.sim.faults.set({ kind: '503', count: 2, operations: ['update'] });
    const params = svc.callback({ taskAttributes: { flow: 'accept' } });
    await svc.postSigned(params);
    await svc.jobFinished(params.ReservationSid!);

    const { context, page, problems } = await open();
    try {
      const res = await page.goto(
        `${svc.url}/admin/reservations/${params.ReservationSid}/timeline`,
      );
      expect(res?.status()).toBe(200);
      await expect(page.locator('#deadline-marker').count()).resolves.toBe(1);
      const bars = page.locator('rect.attempt');
      await expect(bars.count()).resolves.toBe(3);
      const statuses = await Promise.all(
        (await bars.all()).map((bar) => bar.getAttribute('data-status')),
      );
      expect(statuses).toEqual(['503', '503', '200']);
      await expect(page.locator('#final-state').textContent()).resolves.toBe('done (updated)');
      await expect(page.locator('#outcome-state').textContent()).resolves.toBe('done · updated');

      const png = await page.screenshot();
      if (process.env.TIMELINE_SCREENSHOT) {
        writeFileSync(process.env.TIMELINE_SCREENSHOT, png);
      }
      const boxes = await Promise.all((await bars.all()).map((bar) => bar.boundingBox()));
      const centres = boxes.map((b) => [b!.x + b!.width / 2, b!.y + b!.height / 2] as const);
      const deadline = (await page.locator('#deadline-marker').boundingBox())!;
      // The dashed line: some of the points down its middle are on a dash.
      const alongDeadline = Array.from(
        { length: 12 },
        (_, i) => [deadline.x + deadline.width / 2, deadline.y + 10 + i * 3] as const,
      );
      const [first, second, third, ...onDeadline] = await pixelsAt(png, [
        ...centres,
        ...alongDeadline,
      ]);
      expect(near(first!, rgbOf(TIMELINE_COLORS.retryable))).toBe(true);
      expect(near(second!, rgbOf(TIMELINE_COLORS.retryable))).toBe(true);
      expect(near(third!, rgbOf(TIMELINE_COLORS.ok))).toBe(true);
      expect(onDeadline.some((px) => near(px, rgbOf(TIMELINE_COLORS.deadline)))).toBe(true);
      // The attempts come before the deadline, left of its line.
      expect(Math.max(...boxes.map((b) => b!.x + b!.width))).toBeLessThan(deadline.x);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('when every update is refused until the deadline, then the page shows the attempts, the deadline and the reservation ending expired past them', async () => {
    svc.sim.faults.set({ kind: '503', operations: ['update'] });
    const params = svc.callback({ taskAttributes: { flow: 'accept' }, workflowSid: WW_SHORT });
    await svc.postSigned(params);
    await svc.jobFinished(params.ReservationSid!);
    svc.sim.faults.clear();

    const { context, page, problems } = await open();
    try {
      const res = await page.goto(
        `${svc.url}/admin/reservations/${params.ReservationSid}/timeline`,
      );
      expect(res?.status()).toBe(200);
      const record = await svc.record(params.ReservationSid!);
      expect(record).toMatchObject({ state: 'expired', reason: 'deadline' });
      await expect(page.locator('rect.attempt').count()).resolves.toBe(record!.attempts);
      expect(record!.attempts).toBeGreaterThanOrEqual(1);
      await expect(page.locator('#final-state').textContent()).resolves.toBe('expired (deadline)');
      await expect(page.locator('#summary').textContent()).resolves.toMatch(
        /^The deadline passed before an update took effect: \d+ update attempts?, the last answered HTTP 503, Twilio 20503\.$/,
      );
      const png = await page.screenshot();
      const outcome = (await page.locator('#outcome-marker').boundingBox())!;
      // Near its top, above the lanes: bars are drawn over the line.
      const [px] = await pixelsAt(png, [[outcome.x + outcome.width / 2, outcome.y + 4]]);
      expect(near(px!, rgbOf('#ad1457'))).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
