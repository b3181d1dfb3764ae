import { readFileSync } from 'node:fs';

/**
 * Machine-wide TCP counters (Linux): a burst of new connections past a listen backlog shows as
 * listen overflows and SYN retransmits (each a client waiting 1 s, 3 s, 7 s), which no process
 * logs. Issue 14's failed callbacks were these; the bench reports them for every run.
 */
export interface TcpCounters {
  /** `TcpExtListenOverflows`: connections dropped because an accept queue was full. */
  readonly listenOverflows: number;
  /** `TcpExtTCPSynRetrans`: SYNs sent again (a dropped or unanswered handshake). */
  readonly synRetransmits: number;
  /** `Tcp ActiveOpens`: connections this machine opened. */
  readonly connectionsOpened: number;
}

/** Null where `/proc/net` cannot be read (not Linux). */
export function readTcpCounters(): TcpCounters | null {
  try {
    const ext = parseProcTable(readFileSync('/proc/net/netstat', 'utf8'), 'TcpExt');
    const tcp = parseProcTable(readFileSync('/proc/net/snmp', 'utf8'), 'Tcp');
    return {
      listenOverflows: ext.get('ListenOverflows') ?? 0,
      synRetransmits: ext.get('TCPSynRetrans') ?? 0,
      connectionsOpened: tcp.get('ActiveOpens') ?? 0,
    };
  } catch {
    return null;
  }
}

export function tcpCountersBetween(
  before: TcpCounters | null,
  after: TcpCounters | null,
): TcpCounters | null {
  if (!before || !after) {
    return null;
  }
  return {
    listenOverflows: after.listenOverflows - before.listenOverflows,
    synRetransmits: after.synRetransmits - before.synRetransmits,
    connectionsOpened: after.connectionsOpened - before.connectionsOpened,
  };
}

/** `/proc/net/{netstat,snmp}` hold pairs of lines: `Prefix: names…`, then `Prefix: values…`. */
export function parseProcTable(text: string, prefix: string): Map<string, number> {
  const rows = text.split('\n').filter((l) => l.startsWith(`${prefix}: `));
  const names = rows[0]?.split(/\s+/).slice(1) ?? [];
  const values = rows[1]?.split(/\s+/).slice(1) ?? [];
  return new Map(names.map((n, i) => [n, Number(values[i])]));
}
