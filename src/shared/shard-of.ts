/**
 * The shard (0 … count-1) a reservation lives on: FNV-1a (32-bit) of its SID, scaled to the count.
 * A pure function of the SID, so every process, and every delivery of the same callback, picks
 * the same shard: job ids and the record's claim keep deduplicating.
 * @example shardOf('WR0123…', 3) // 0, 1 or 2, the same everywhere
 */
export function shardOf(sid: string, count: number): number {
  if (count <= 1) {
    return 0;
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < sid.length; i += 1) {
    hash ^= sid.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // The high bits (range reduction by multiplication): FNV's low bits mix poorly, so `% count`
  // would spread badly for a power-of-two count.
  return Math.floor((hash * count) / 2 ** 32);
}
