import type { RuleMatch } from '../../rules/explain/describe-match.js';
import { TERMINAL_STATES, type ReservationRecord } from '../reservation-record.js';
import { summarizeOutcome } from './summarize-outcome.js';
import type { TimeSpent, Timeline, TimelineEntry } from './timeline.js';
import type { AttemptMark, StoredMarks } from './timeline-mark.js';

export interface TimelineInput {
  readonly record: ReservationRecord;
  readonly stored: StoredMarks;
  /** Why the record's rule matched, from the rules in force (null when none matched or it is gone). */
  readonly match: RuleMatch | null;
  /** The rules in force are not the version that decided. */
  readonly rulesChanged: boolean;
  readonly now: number;
}

function spentOf(attempts: readonly AttemptMark[], start: number, end: number): TimeSpent {
  const first = attempts[0];
  if (!first) {
    return {
      beforeFirstAttemptMs: null,
      inRestCallsMs: 0,
      betweenAttemptsMs: 0,
      afterLastAttemptMs: end - start,
    };
  }
  const lastAnswer = Math.max(...attempts.map((a) => a.at + a.durationMs));
  const inRest = attempts.reduce((sum, a) => sum + a.durationMs, 0);
  return {
    beforeFirstAttemptMs: first.at - start,
    inRestCallsMs: inRest,
    betweenAttemptsMs: Math.max(0, lastAnswer - first.at - inRest),
    afterLastAttemptMs: Math.max(0, end - lastAnswer),
  };
}

/**
 * The timeline of one reservation: the callback (and any later delivery), the decision and why,
 * each REST attempt and event kept, and the outcome, in time order against the deadline.
 * Pure: the record and marks are read by the caller.
 */
export function buildTimeline(input: TimelineInput): Timeline {
  const { record: rec, stored, now } = input;
  const start = rec.receivedAt;
  const finished = TERMINAL_STATES.has(rec.state);
  const end = finished ? (rec.finishedAt ?? rec.updatedAt) : now;
  const at = (ms: number) => ({
    atMs: ms - start,
    at: new Date(ms).toISOString(),
    toDeadlineMs: rec.deadline - ms,
  });
  const attempts = stored.marks
    .filter((m): m is AttemptMark => m.kind === 'attempt')
    .sort((a, b) => a.at - b.at);

  const entries: TimelineEntry[] = [
    { ...at(start), kind: 'callback', delivery: 1 },
    {
      ...at(start),
      kind: 'decision',
      rule: rec.rule,
      instruction: rec.instruction,
      mode: rec.mode,
      match: input.match,
      rulesChanged: input.rulesChanged,
    },
  ];
  let delivery = 1;
  for (const mark of [...stored.marks].sort((a, b) => a.at - b.at)) {
    if (mark.kind === 'delivery') {
      delivery += 1;
      entries.push({ ...at(mark.at), kind: 'callback', delivery });
    } else if (mark.kind === 'event') {
      entries.push({ ...at(mark.at), kind: 'event', eventType: mark.eventType });
    } else {
      const { at: sent, ...rest } = mark;
      entries.push({ ...at(sent), ...rest });
    }
  }
  if (finished) {
    entries.push({ ...at(end), kind: 'outcome', state: rec.state, reason: rec.reason ?? null });
  }
  // Stable: at equal times, the order above (callback, decision, marks, outcome) stays.
  entries.sort((a, b) => a.atMs - b.atMs);

  return {
    reservationSid: rec.reservationSid,
    receivedAt: new Date(start).toISOString(),
    deadlineAt: new Date(rec.deadline).toISOString(),
    deadlineMs: rec.deadline - start,
    endMs: end - start,
    outcome: {
      state: rec.state,
      finished,
      reason: rec.reason ?? null,
      reservationStatus: rec.reservationStatus ?? null,
      lastError: rec.lastError ?? null,
      summary: summarizeOutcome(rec, attempts, now),
    },
    spent: spentOf(attempts, start, end),
    entries,
    dropped: stored.dropped,
  };
}
