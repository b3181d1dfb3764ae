import { createHash } from 'node:crypto';
import type { Timeline, TimelineEntry } from '../state/timeline/timeline.js';
import { drawTimelineSvg, TIMELINE_COLORS } from './draw-timeline-svg.js';
import { escapeHtml } from './escape-html.js';
import { formatDuration } from './format-duration.js';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#263238;background:#fff}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:26px 0 8px}
code{font:13px ui-monospace,monospace;background:#eceff1;padding:1px 4px;border-radius:3px}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600;background:#455a64}
.state-done{background:${TIMELINE_COLORS.ok}}.state-failed{background:${TIMELINE_COLORS.refused}}
.state-expired{background:#ad1457}.state-skipped{background:#616161}
#summary{font-size:15px;margin:8px 0 0}
svg text{font:12px system-ui,sans-serif;fill:#37474f}
svg text.lane{font-weight:600}svg text.deadline-label,svg text.final-state{font-weight:700}
svg text.deadline-label{fill:${TIMELINE_COLORS.deadline}}
table{border-collapse:collapse}td,th{padding:3px 12px 3px 0;text-align:left;vertical-align:top}
th{color:#607d8b;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.past{color:${TIMELINE_COLORS.deadline}}
.legend span{display:inline-block;margin-right:14px}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.sw-ok{background:${TIMELINE_COLORS.ok}}.sw-refused{background:${TIMELINE_COLORS.refused}}
.sw-retryable{background:${TIMELINE_COLORS.retryable}}.sw-none{background:${TIMELINE_COLORS.noAnswer}}
.sw-event{background:${TIMELINE_COLORS.event}}.sw-deadline{background:${TIMELINE_COLORS.deadline}}
footer{margin-top:28px;color:#607d8b}
`;

/**
 * The page's Content-Security-Policy: nothing may load from anywhere (no script at all, no
 * image, font or connection), and the one inline stylesheet is allowed by its hash.
 */
export const TIMELINE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function describe(e: TimelineEntry): string {
  switch (e.kind) {
    case 'callback':
      return e.delivery === 1
        ? 'Assignment Callback arrived'
        : `Callback delivered again (delivery ${e.delivery})`;
    case 'decision':
      return e.rule === null
        ? `No rule matched: ${e.instruction} (${e.mode})`
        : `Rule <code>${escapeHtml(e.rule)}</code> chose ${escapeHtml(e.instruction)} (${e.mode})`;
    case 'attempt': {
      const answer =
        e.httpStatus === null
          ? `no answer (${escapeHtml(e.error ?? 'unknown')})`
          : `HTTP ${e.httpStatus}${e.twilioCode === null ? '' : `, Twilio error ${e.twilioCode}`}`;
      return `REST ${e.operation}: ${answer}, took ${formatDuration(e.durationMs)}`;
    }
    case 'event':
      return `Event <code>${escapeHtml(e.eventType)}</code>`;
    case 'outcome':
      return `Ended <strong>${e.state}</strong>${e.reason ? ` (${escapeHtml(e.reason)})` : ''}`;
  }
}

function stepsTable(t: Timeline): string {
  const rows = t.entries.map(
    (e) =>
      `<tr class="step step-${e.kind}"><td>${escapeHtml(e.at.slice(11, 23))}</td><td class="num">+${formatDuration(e.atMs)}</td><td class="num${e.toDeadlineMs < 0 ? ' past' : ''}">${formatDuration(e.toDeadlineMs)}</td><td>${describe(e)}</td></tr>`,
  );
  return `<table id="steps"><tr><th>time (UTC)</th><th>after callback</th><th>to deadline</th><th>what happened</th></tr>${rows.join('')}</table>`;
}

function spentTable(t: Timeline): string {
  const s = t.spent;
  const rows: [string, number | null][] = [
    ['before the first REST call (rule delay, queue)', s.beforeFirstAttemptMs],
    ['waiting for TaskRouter to answer', s.inRestCallsMs],
    ['between attempts (retry backoff)', s.betweenAttemptsMs],
    [
      t.outcome.finished ? 'after the last answer, to the end' : 'since the last answer',
      s.afterLastAttemptMs,
    ],
  ];
  return `<table id="spent">${rows
    .filter(([, ms]) => ms !== null)
    .map(([what, ms]) => `<tr><td>${what}</td><td class="num">${formatDuration(ms ?? 0)}</td></tr>`)
    .join('')}</table>`;
}

function whySection(t: Timeline): string {
  const decision = t.entries.find(
    (e): e is Extract<TimelineEntry, { kind: 'decision' }> => e.kind === 'decision',
  );
  if (!decision || decision.rule === null) {
    return '<p>No rule matched; the rules file’s <code>onNoMatch</code> decided.</p>';
  }
  const m = decision.match;
  if (!m) {
    return `<p>Rule <code>${escapeHtml(decision.rule)}</code> is no longer in the rules in force.</p>`;
  }
  const changed = decision.rulesChanged
    ? '<p class="past">The rules changed since this decision: this is the rule as it is now.</p>'
    : '';
  const when =
    m.when === null
      ? 'it has no <code>when</code>: it matches every callback that reaches it'
      : `<code>${escapeHtml(m.when)}</code> held (values masked: see the rules file)`;
  return `${changed}<p id="why">Chosen: <code>${escapeHtml(m.rule)}</code> at <code>${escapeHtml(`${m.source.file}:${m.source.line}`)}</code>, the first rule in file order that matched: ${when}.</p>`;
}

/** The timeline page: a header with the outcome, the drawing, and the same facts as tables. */
export function renderTimelinePage(t: Timeline): string {
  const o = t.outcome;
  const legend = [
    ['sw-ok', '2xx'],
    ['sw-refused', '4xx refused'],
    ['sw-retryable', '429 / 5xx'],
    ['sw-none', 'no answer'],
    ['sw-event', 'event'],
    ['sw-deadline', 'deadline'],
  ]
    .map(([cls, text]) => `<span><i class="swatch ${cls}"></i>${text}</span>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Timeline of ${escapeHtml(t.reservationSid)}</title><style>${CSS}</style></head>
<body>
<header><h1>Reservation <code>${escapeHtml(t.reservationSid)}</code></h1>
<span id="outcome-state" class="badge state-${escapeHtml(o.state)}">${escapeHtml(o.state)}${o.reason ? ` · ${escapeHtml(o.reason)}` : ''}</span>
<p id="summary">${escapeHtml(o.summary)}</p>
<p>Callback at ${escapeHtml(t.receivedAt)}; deadline ${escapeHtml(t.deadlineAt)} (+${formatDuration(t.deadlineMs)}).${o.reservationStatus ? ` TaskRouter status: <code>${escapeHtml(o.reservationStatus)}</code>.` : ''}</p></header>
<section><h2>Against the deadline</h2>${drawTimelineSvg(t)}<p class="legend">${legend}</p></section>
<section><h2>Where the time went</h2>${spentTable(t)}</section>
<section><h2>Why this rule</h2>${whySection(t)}</section>
<section><h2>Every step</h2>${stepsTable(t)}${t.dropped > 0 ? `<p>${t.dropped} earlier marks were dropped (the most kept per reservation is bounded).</p>` : ''}</section>
<footer>The same as JSON: <code>GET /admin/reservations/${escapeHtml(t.reservationSid)}</code> (field <code>timeline</code>). Kept until the record expires.</footer>
</body></html>`;
}
