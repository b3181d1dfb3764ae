import { describeMatch } from '../rules/explain/describe-match.js';
import type { RulesSource } from '../rules/rules-in-force.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import { buildTimeline } from '../state/timeline/build-timeline.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';
import type { Timeline } from '../state/timeline/timeline.js';

export interface TimelineSources {
  readonly timeline: Pick<ReservationTimeline, 'read'>;
  readonly rules: RulesSource;
  readonly now: () => number;
}

/** Where a reservation's timeline page is, relative to the service's own origin. */
export const timelineUrlOf = (reservationSid: string): string =>
  `/admin/reservations/${reservationSid}/timeline`;

/**
 * A record's timeline: its stored marks, and why its rule matched as the rules in force tell it
 * (flagged when they are not the version that decided).
 */
export async function readTimeline(
  deps: TimelineSources,
  record: ReservationRecord,
): Promise<Timeline> {
  const stored = await deps.timeline.read(record.reservationSid);
  const rules = deps.rules.current();
  const rule = record.rule === null ? undefined : rules.rules.find((r) => r.name === record.rule);
  return buildTimeline({
    record,
    stored,
    match: rule ? describeMatch(rule) : null,
    rulesChanged: rules.version !== record.rulesVersion,
    now: deps.now(),
  });
}
