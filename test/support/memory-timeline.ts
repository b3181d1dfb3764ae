import type { ReservationTimeline } from '../../src/state/timeline/reservation-timeline.js';
import type { TimelineMark } from '../../src/state/timeline/timeline-mark.js';

/** The ReservationTimeline contract in memory, for unit tests (the Redis one is tested for real). */
export function createMemoryTimeline(): ReservationTimeline & {
  marks: Map<string, TimelineMark[]>;
} {
  const marks = new Map<string, TimelineMark[]>();
  return {
    marks,
    note(sid, mark) {
      marks.set(sid, [...(marks.get(sid) ?? []), mark]);
    },
    read(sid) {
      return Promise.resolve({ marks: marks.get(sid) ?? [], dropped: 0 });
    },
  };
}
