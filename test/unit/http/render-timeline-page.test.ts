import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  attemptColor,
  drawTimelineSvg,
  TIMELINE_COLORS,
} from '../../../src/http/draw-timeline-svg.js';
import { escapeHtml } from '../../../src/http/escape-html.js';
import { formatDuration } from '../../../src/http/format-duration.js';
import { renderTimelinePage, TIMELINE_PAGE_CSP } from '../../../src/http/render-timeline-page.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import { buildTimeline } from '../../../src/state/timeline/build-timeline.js';
import { attemptMark, type TimelineMark } from '../../../src/state/timeline/timeline-mark.js';
import { aRecord } from '../../support/reservation-record-fixture.js';

const T0 = 1_700_000_000_000;
const record = (overrides: Partial<ReservationRecord> = {}): ReservationRecord =>
  aRecord({
    reservationSid: `WR${'a'.repeat(32)}`,
    state: 'done',
    reason: 'updated',
    rule: 'spanish <voice>',
    receivedAt: T0,
    deadline: T0 + 20_000,
    attempts: 3,
    updatedAt: T0 + 700,
    finishedAt: T0 + 700,
    ...overrides,
  });
// Three attempts a few ms apart: drawn as three bars that must not hide one another.
const marks: TimelineMark[] = [
  attemptMark('update', T0 + 100, T0 + 103, {
    httpStatus: 503,
    twilioCode: '20503',
    label: 'twilio:20503 (HTTP 503)',
  }),
  attemptMark('update', T0 + 104, T0 + 106, { httpStatus: undefined, label: 'ECONNRESET' }),
  attemptMark('update', T0 + 107, T0 + 120, { httpStatus: 200 }),
  { kind: 'event', at: T0 + 900, eventType: 'reservation.accepted' },
];
const timeline = (rec = record(), m = marks) =>
  buildTimeline({
    record: rec,
    stored: { marks: m, dropped: 0 },
    match: {
      rule: 'spanish <voice>',
      outcome: 'chosen',
      source: { file: 'rules.yaml', line: 4, column: 5 },
      instruction: 'accept',
      mode: 'async',
      delaySeconds: 0,
      when: 'task.type == …',
      conditions: [],
    },
    rulesChanged: false,
    now: T0 + 1_000,
  });

const attr = (tag: string, name: string) => Number(new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1]);

describe('drawTimelineSvg', () => {
  it("when attempts are drawn, then each gets one bar in its answer's colour, and bars close in time take different rows", () => {
    const svg = drawTimelineSvg(timeline());
    const bars = svg.match(/<rect class="attempt"[^>]*>/g) ?? [];
    expect(bars).toHaveLength(3);
    expect(bars.map((b) => /fill="([^"]+)"/.exec(b)?.[1])).toEqual([
      TIMELINE_COLORS.retryable,
      TIMELINE_COLORS.noAnswer,
      TIMELINE_COLORS.ok,
    ]);
    expect(bars.map((b) => /data-status="([^"]*)"/.exec(b)?.[1])).toEqual(['503', '', '200']);
    // No two bars share a pixel.
    const boxes = bars.map((b) => ({
      x: attr(b, 'x'),
      y: attr(b, 'y'),
      w: attr(b, 'width'),
      h: attr(b, 'height'),
    }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('when drawn, then the deadline is a dashed marker right of everything that happened before it, and the final state is labelled', () => {
    const svg = drawTimelineSvg(timeline());
    const deadline = /<line id="deadline-marker"[^>]*>/.exec(svg)?.[0] ?? '';
    expect(deadline).toContain(`stroke="${TIMELINE_COLORS.deadline}"`);
    expect(deadline).toContain('stroke-dasharray');
    const outcome = /<line id="outcome-marker"[^>]*>/.exec(svg)?.[0] ?? '';
    expect(attr(outcome, 'x1')).toBeLessThan(attr(deadline, 'x1'));
    expect(svg).toMatch(/<text id="final-state"[^>]*>done \(updated\)<\/text>/);
    expect(svg).toMatch(/<path class="event"/);
  });

  it('when the reservation is in flight, then the end marker says now and its state', () => {
    const { reason: _r, finishedAt: _f, ...inFlight } = record({ state: 'queued' });
    const svg = drawTimelineSvg(timeline(inFlight));
    expect(svg).toMatch(/<text id="final-state"[^>]*>now: queued<\/text>/);
  });

  it.each([
    [200, TIMELINE_COLORS.ok],
    [404, TIMELINE_COLORS.refused],
    [429, TIMELINE_COLORS.retryable],
    [500, TIMELINE_COLORS.retryable],
    [null, TIMELINE_COLORS.noAnswer],
  ] as const)('when an attempt was answered %s, then its colour is %s', (status, colour) => {
    expect(attemptColor({ httpStatus: status })).toBe(colour);
  });
});

describe('renderTimelinePage', () => {
  it('when rendered, then names, rule text and errors are escaped and nothing is loaded from anywhere', () => {
    const html = renderTimelinePage(timeline());
    expect(html).toContain('spanish &lt;voice&gt;');
    expect(html).not.toContain('spanish <voice>');
    expect(html).not.toMatch(/<script|<link|\ssrc=|url\(|@import/i);
    expect(html).toContain('<td class="num">+100 ms</td>');
    expect(html).toContain('Twilio error 20503');
    expect(html).toContain('rules.yaml:4');
  });

  it("when rendered, then the CSP allows the page's one stylesheet by its hash and nothing else", () => {
    const html = renderTimelinePage(timeline());
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(css).digest('base64');
    expect(TIMELINE_PAGE_CSP).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('when marks were dropped, then the page says how many', () => {
    const t = { ...timeline(), dropped: 7 };
    expect(renderTimelinePage(t)).toContain('7 earlier marks were dropped');
  });
});

describe('escapeHtml and formatDuration', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
  it.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [1250, '1.25 s'],
    [-1500, '−1.5 s'],
    [125_000, '2 min 5 s'],
  ] as const)('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
