import type { Timeline, TimelineEntry } from '../state/timeline/timeline.js';
import { escapeHtml } from './escape-html.js';
import { formatDuration } from './format-duration.js';

/** Fill colours of the drawing, by what they mark (the page's legend and tests use them). */
export const TIMELINE_COLORS = {
  /** An attempt TaskRouter answered 2xx. */
  ok: '#2e7d32',
  /** Answered 4xx (other than 429): refused. */
  refused: '#c62828',
  /** Answered 429 or 5xx: worth a retry. */
  retryable: '#ef6c00',
  /** No answer: timeout, reset, refused connection. */
  noAnswer: '#6a1b9a',
  event: '#1565c0',
  callback: '#37474f',
  deadline: '#d32f2f',
  waiting: '#cfd8dc',
} as const;

const STATE_COLORS: Readonly<Record<string, string>> = {
  done: TIMELINE_COLORS.ok,
  failed: TIMELINE_COLORS.refused,
  expired: '#ad1457',
  skipped: '#616161',
};

const W = 1000;
const LEFT = 130;
const RIGHT = 40;
const LANE = { callback: 50, rest: 105, event: 160 } as const;
const AXIS_Y = 200;
const H = 235;

type Attempt = Extract<TimelineEntry, { kind: 'attempt' }>;

export function attemptColor(a: Pick<Attempt, 'httpStatus'>): string {
  if (a.httpStatus === null) {
    return TIMELINE_COLORS.noAnswer;
  }
  if (a.httpStatus < 300) {
    return TIMELINE_COLORS.ok;
  }
  return a.httpStatus === 429 || a.httpStatus >= 500
    ? TIMELINE_COLORS.retryable
    : TIMELINE_COLORS.refused;
}

/** A round step (1, 2 or 5 × 10ⁿ ms) that puts about eight ticks on the axis. */
function tickStep(span: number): number {
  const raw = span / 8;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? power * 10;
}

const attemptLabel = (a: Attempt) =>
  a.httpStatus === null ? (a.error ?? 'no answer') : String(a.httpStatus);

function attemptTitle(a: Attempt): string {
  const answer =
    a.httpStatus === null
      ? `no answer (${a.error ?? 'unknown'})`
      : `HTTP ${a.httpStatus}${a.twilioCode === null ? '' : `, Twilio ${a.twilioCode}`}`;
  return `${a.operation} at +${formatDuration(a.atMs)}: ${answer}, took ${formatDuration(a.durationMs)}`;
}

const MAX_LABELLED = 12;
const ROW_H = 16;
const ROW_GAP = 4;

/**
 * One attempt's bar, in the first of three rows where it (and its label) overlaps nothing drawn
 * before it, so quick retries stay visible one by one; `rows` holds where each row is free from.
 */
function drawAttempt(e: Attempt, cx: number, w: number, rows: number[], labelled: boolean): string {
  const label = `${e.operation} ${attemptLabel(e)}`;
  const extent = w + (labelled ? 4 + label.length * 6.5 : 2);
  let row = rows.findIndex((free) => free <= cx);
  if (row < 0) {
    row = rows.indexOf(Math.min(...rows));
  }
  rows[row] = cx + extent;
  const y = LANE.rest - (3 * ROW_H + 2 * ROW_GAP) / 2 + row * (ROW_H + ROW_GAP);
  const bar = `<rect class="attempt" data-operation="${e.operation}" data-status="${e.httpStatus ?? ''}" x="${cx}" y="${y}" width="${w}" height="${ROW_H}" rx="2" fill="${attemptColor(e)}"><title>${escapeHtml(attemptTitle(e))}</title></rect>`;
  return labelled
    ? `${bar}<text class="attempt-label" x="${cx + w + 3}" y="${y + 12}">${escapeHtml(label)}</text>`
    : bar;
}

/**
 * The timeline drawn to scale: one lane for the callback and decision, one for the REST calls
 * (a bar per attempt, as long as it took, coloured by its answer), one for events, the deadline
 * as a dashed line and the outcome (or now) as a solid one. Server-side SVG: no script.
 */
export function drawTimelineSvg(t: Timeline): string {
  const entries = t.entries;
  const lastMs = Math.max(
    t.deadlineMs,
    t.endMs,
    ...entries.map((e) => e.atMs + (e.kind === 'attempt' ? e.durationMs : 0)),
  );
  const span = Math.max(1, lastMs * 1.06);
  const x = (ms: number) => LEFT + (Math.max(0, ms) / span) * (W - LEFT - RIGHT);
  const out: string[] = [];
  const step = tickStep(span);
  for (let ms = 0; ms <= span; ms += step) {
    out.push(
      `<line class="tick" x1="${x(ms)}" x2="${x(ms)}" y1="30" y2="${AXIS_Y}" stroke="#eceff1"/>`,
      `<text class="tick-label" x="${x(ms)}" y="${AXIS_Y + 18}" text-anchor="middle">${escapeHtml(formatDuration(ms))}</text>`,
    );
  }
  out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${AXIS_Y}" y2="${AXIS_Y}" stroke="#90a4ae"/>`);
  for (const [name, y] of [
    ['callback', LANE.callback],
    ['REST calls', LANE.rest],
    ['events', LANE.event],
  ] as const) {
    out.push(`<text class="lane" x="10" y="${y + 5}">${name}</text>`);
  }
  const dx = x(t.deadlineMs);
  const ex = x(t.endMs);
  const endColor = t.outcome.finished ? (STATE_COLORS[t.outcome.state] ?? '#000') : '#455a64';
  const endText = t.outcome.finished
    ? `${t.outcome.state}${t.outcome.reason ? ` (${t.outcome.reason})` : ''}`
    : `now: ${t.outcome.state}`;
  // The two lines go under the marks, so a bar or event at the same moment is never hidden.
  out.push(
    `<line id="deadline-marker" class="deadline" x1="${dx}" x2="${dx}" y1="22" y2="${AXIS_Y}" stroke="${TIMELINE_COLORS.deadline}" stroke-width="3" stroke-dasharray="7 4"/>`,
    `<line id="outcome-marker" class="outcome" x1="${ex}" x2="${ex}" y1="22" y2="${AXIS_Y}" stroke="${endColor}" stroke-width="3"/>`,
  );
  const attempts = entries.filter((e): e is Attempt => e.kind === 'attempt');
  const firstAttempt = attempts[0];
  // The wait before the first call (a rule's delay, the queue) as a pale band.
  out.push(
    `<rect class="waiting" x="${x(0)}" y="${LANE.rest - 3}" width="${Math.max(0, x(firstAttempt?.atMs ?? t.endMs) - x(0))}" height="6" fill="${TIMELINE_COLORS.waiting}"><title>before the first REST call</title></rect>`,
  );
  const rows = [0, 0, 0];
  const labels = attempts.length <= MAX_LABELLED;
  for (const e of entries) {
    const cx = x(e.atMs);
    if (e.kind === 'callback') {
      out.push(
        `<circle class="callback" data-delivery="${e.delivery}" cx="${cx}" cy="${LANE.callback}" r="7" fill="${TIMELINE_COLORS.callback}"><title>callback delivery ${e.delivery} at +${escapeHtml(formatDuration(e.atMs))}</title></circle>`,
      );
    } else if (e.kind === 'decision') {
      const what = `${e.rule ?? '(no rule)'} → ${e.instruction} (${e.mode})`;
      out.push(
        `<text class="decision" x="${cx + 14}" y="${LANE.callback - 12}">${escapeHtml(what)}</text>`,
      );
    } else if (e.kind === 'attempt') {
      out.push(drawAttempt(e, cx, Math.max(10, x(e.atMs + e.durationMs) - cx), rows, labels));
    } else if (e.kind === 'event') {
      out.push(
        `<path class="event" d="M${cx - 8},${LANE.event + 8} L${cx},${LANE.event - 8} L${cx + 8},${LANE.event + 8} Z" fill="${TIMELINE_COLORS.event}"><title>${escapeHtml(e.eventType)} at +${escapeHtml(formatDuration(e.atMs))}</title></path>`,
        `<text class="event-label" x="${cx + 11}" y="${LANE.event + 5}">${escapeHtml(e.eventType)}</text>`,
      );
    }
  }
  out.push(
    `<text class="deadline-label" x="${dx - 4}" y="16" text-anchor="end" fill="${TIMELINE_COLORS.deadline}">deadline +${escapeHtml(formatDuration(t.deadlineMs))}</text>`,
    `<text id="final-state" class="final-state" x="${ex + 5}" y="${AXIS_Y - 8}" fill="${endColor}">${escapeHtml(endText)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" id="timeline-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Timeline of ${escapeHtml(t.reservationSid)}">${out.join('')}</svg>`;
}
