import { formatExplanation } from '../../rules/explain/format-explanation.js';
import type { ExplainReport } from './explain-callback.js';

function header(report: ExplainReport): string[] {
  const { rules, input, facts } = report;
  const count = report.verdicts.length;
  const files = rules.files.length === 1 ? '' : `, ${rules.files.length} files`;
  const sid = input.reservation?.reservationSid ?? facts.callback.ReservationSid;
  const what = input.kind === 'facts' ? 'facts {task, worker, callback}' : 'callback parameters';
  const lines = [
    `rules:    ${rules.path} (${count} rule${count === 1 ? '' : 's'}${files}, version ${rules.version})`,
    `callback: ${what}${sid === undefined ? '' : `, reservation ${sid}`}`,
    `at:       ${report.at}`,
  ];
  if (input.refusal !== null) {
    lines.push(`warning:  the service would refuse this callback (400): ${input.refusal}`);
  }
  return lines;
}

function restLines(report: ExplainReport): string[] {
  const { rest, decision } = report;
  if (rest === null) {
    return [];
  }
  const used =
    decision.mode === 'async' ? 'sent by the worker: mode async' : 'not used: mode inline';
  const fields = Object.entries(rest.form).flatMap(([name, value]) =>
    (typeof value === 'string' ? [value] : value).map((item) => `  ${name}=${item}`),
  );
  const placeholder =
    report.input.reservation === null
      ? ['  (placeholder SIDs in the URL: the callback names no reservation)']
      : [];
  return [`REST update (${used})`, `  ${rest.method} ${rest.url}`, ...placeholder, ...fields];
}

function inlineLines(report: ExplainReport): string[] {
  const { inline, decision } = report;
  if (inline === null) {
    return [];
  }
  const used =
    decision.mode === 'inline' ? 'the callback answer: mode inline' : 'not used: mode async';
  const note = inline.exact
    ? []
    : ['  note: uses keys Twilio does not document for callback answers; async is exact'];
  return [`inline answer (${used})`, `  ${JSON.stringify(inline.body)}`, ...note];
}

/** `rules explain` for a terminal: header, each rule's verdict, the decision, what would be sent. */
export function formatExplainReport(report: ExplainReport): string {
  const leave =
    report.decision.instruction === null
      ? ['nothing is sent: the callback is answered {} and the reservation left to time out']
      : [];
  const explanation = formatExplanation({ decision: report.decision, rules: report.verdicts });
  return [
    ...header(report),
    '',
    explanation,
    '',
    ...leave,
    ...restLines(report),
    ...inlineLines(report),
  ].join('\n');
}
