import { Redis } from 'ioredis';

/** `INFO commandstats` of one Redis: calls and microseconds spent, by command (lower case). */
export type CommandStats = Readonly<
  Record<string, { readonly calls: number; readonly usec: number }>
>;

export async function readCommandStats(url: string): Promise<CommandStats> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    const text = await client.info('commandstats');
    const out: Record<string, { calls: number; usec: number }> = {};
    for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      out[m[1] as string] = { calls: Number(m[2]), usec: Number(m[3]) };
    }
    return out;
  } finally {
    client.disconnect();
  }
}

/** `INFO commandstats` of several servers (a cluster's primaries), summed by command. */
export async function readCommandStatsOf(urls: readonly string[]): Promise<CommandStats> {
  const out: Record<string, { calls: number; usec: number }> = {};
  for (const stats of await Promise.all(urls.map(readCommandStats))) {
    for (const [cmd, { calls, usec }] of Object.entries(stats)) {
      const sum = (out[cmd] ??= { calls: 0, usec: 0 });
      sum.calls += calls;
      sum.usec += usec;
    }
  }
  return out;
}

/** Per-reservation commands between two readings, busiest first (`info` itself left out). */
export function commandsPerReservation(
  before: CommandStats,
  after: CommandStats,
  reservations: number,
): {
  readonly total: number;
  readonly usecTotal: number;
  readonly byCommand: Record<string, number>;
  /** Microseconds inside each command per reservation, costliest first (a script's includes the commands it runs). */
  readonly usecByCommand: Record<string, number>;
} {
  const per = Math.max(1, reservations);
  const rows: Array<[string, number, number]> = [];
  for (const [cmd, a] of Object.entries(after)) {
    if (cmd === 'info') {
      continue;
    }
    const b = before[cmd] ?? { calls: 0, usec: 0 };
    if (a.calls > b.calls) {
      rows.push([cmd, a.calls - b.calls, a.usec - b.usec]);
    }
  }
  rows.sort((x, y) => y[1] - x[1]);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    total: round(rows.reduce((s, r) => s + r[1], 0) / per),
    usecTotal: round(rows.reduce((s, r) => s + r[2], 0) / per),
    byCommand: Object.fromEntries(rows.map(([c, n]) => [c, round(n / per)])),
    usecByCommand: Object.fromEntries(
      [...rows].sort((x, y) => y[2] - x[2]).map(([c, , u]) => [c, round(u / per)]),
    ),
  };
}
