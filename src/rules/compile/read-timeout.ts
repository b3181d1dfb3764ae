import { describeValue, type Field } from './read-fields.js';
import type { Reporter } from './reporter.js';

/** TaskRouter's bounds for a Workflow's TaskReservationTimeout, in seconds. */
const TIMEOUT_RANGE = { min: 1, max: 86_400 } as const;

/** Reads a timeout in seconds (1…86400), reporting anything else. */
export function readTimeout(reporter: Reporter, field: Field): number | undefined {
  const { value } = field;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= TIMEOUT_RANGE.min &&
    value <= TIMEOUT_RANGE.max
  ) {
    return value;
  }
  reporter.report(
    field.path,
    `expected whole seconds from ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max} but found ${describeValue(value)}`,
  );
  return undefined;
}
