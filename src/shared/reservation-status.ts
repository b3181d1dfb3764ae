/**
 * TaskRouter's `reservation_status` values: the OpenAPI enum `task_reservation_enum_status`, in
 * its order. One list for the whole service (records, worker, admin API, CLI, simulator).
 */
export const RESERVATION_STATUSES = [
  'pending',
  'accepted',
  'rejected',
  'timeout',
  'canceled',
  'rescinded',
  'wrapping',
  'completed',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

const KNOWN: ReadonlySet<string> = new Set(RESERVATION_STATUSES);

export function isReservationStatus(value: unknown): value is ReservationStatus {
  return typeof value === 'string' && KNOWN.has(value);
}
