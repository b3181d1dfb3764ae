import type { Duration } from '../scenario/scenario-schema.js';

/** Seconds: the number itself, or uniform within the range. */
export function drawDuration(d: Duration, random: () => number): number {
  return typeof d === 'number' ? d : d.min + random() * (d.max - d.min);
}
