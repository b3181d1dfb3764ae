/**
 * A reservation's timeline as the admin API answers it and the page draws it: every moment in
 * milliseconds after the callback arrived (`atMs`) and before the deadline (`toDeadlineMs`,
 * negative once past it).
 */
import type { RuleMatch } from '../../rules/explain/describe-match.js';
import type { ReservationRecord } from '../reservation-record.js';
import type { AttemptMark } from './timeline-mark.js';

interface At {
  readonly atMs: number;
  readonly at: string;
  readonly toDeadlineMs: number;
}

export type TimelineEntry =
  | (At & { readonly kind: 'callback'; readonly delivery: number })
  | (At & {
      readonly kind: 'decision';
      readonly rule: string | null;
      readonly instruction: ReservationRecord['instruction'];
      readonly mode: ReservationRecord['mode'];
      /** Why the rule matched, values masked; null when no rule matched or it is gone. */
      readonly match: RuleMatch | null;
      /** The rules changed since the decision: `match` describes the rule as it is now. */
      readonly rulesChanged: boolean;
    })
  | (At & Omit<AttemptMark, 'at'>)
  | (At & { readonly kind: 'event'; readonly eventType: string })
  | (At & {
      readonly kind: 'outcome';
      readonly state: ReservationRecord['state'];
      readonly reason: string | null;
    });

/** Where the time between the callback and the end (or now) went, in ms. */
export interface TimeSpent {
  /** Callback to the first REST call: the rule's delay and the queue's wait. Null without one. */
  readonly beforeFirstAttemptMs: number | null;
  /** Waiting for TaskRouter's answers. */
  readonly inRestCallsMs: number;
  /** Between the first call and the last answer, not in a call: retry backoff. */
  readonly betweenAttemptsMs: number;
  /** From the last answer (or the callback) to the end, or to now while in flight. */
  readonly afterLastAttemptMs: number;
}

export interface TimelineOutcome {
  readonly state: ReservationRecord['state'];
  readonly finished: boolean;
  readonly reason: string | null;
  readonly reservationStatus: string | null;
  readonly lastError: string | null;
  /** In one sentence, why it ended as it did (or where it stands). */
  readonly summary: string;
}

export interface Timeline {
  readonly reservationSid: string;
  readonly receivedAt: string;
  readonly deadlineAt: string;
  /** The deadline, in ms after the callback. */
  readonly deadlineMs: number;
  /** The end (or now, while in flight), in ms after the callback. */
  readonly endMs: number;
  readonly outcome: TimelineOutcome;
  readonly spent: TimeSpent;
  readonly entries: readonly TimelineEntry[];
  /** Marks dropped by the bound (the oldest first). */
  readonly dropped: number;
}
