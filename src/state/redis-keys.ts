/** The key of a reservation's record (a hash), under the hash-tagged prefix. */
export const recordKeyOf = (keyPrefix: string, sid: string): string => `${keyPrefix}:res:${sid}`;

/** The key of a reservation's timeline marks; same hash tag as its record, so same Cluster slot. */
export const timelineKeyOf = (keyPrefix: string, sid: string): string =>
  `${keyPrefix}:timeline:${sid}`;

/** The in-flight index: reservations not yet terminal, scored by deadline. */
export const inflightKeyOf = (keyPrefix: string): string => `${keyPrefix}:inflight`;
