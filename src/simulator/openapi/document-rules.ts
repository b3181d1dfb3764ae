/**
 * Rules that the Task Reservation Resource document states beyond the OpenAPI schema
 * (`reference/task-reservation-resource.md`). A request that breaks one is a violation too.
 */
export interface DocumentRule {
  readonly operations: readonly string[];
  readonly location: 'query';
  readonly field: string;
  readonly message: string;
}

export const DOCUMENT_RULES: readonly DocumentRule[] = [
  {
    operations: ['ListTaskReservation'],
    location: 'query',
    field: 'Page',
    message:
      "the Task Reservation Resource document says: don't use the page query parameter with this resource, pagination isn't supported",
  },
];
