import { describe, expect, it } from 'vitest';
import { parseProcTable, tcpCountersBetween } from '../../../bench/lib/tcp-counters.js';

// The shape of /proc/net/netstat: a names line and a values line per prefix.
const NETSTAT = [
  'TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPSynRetrans',
  'TcpExt: 0 813 813 450',
  'IpExt: InNoRoutes InTruncatedPkts',
  'IpExt: 0 0',
].join('\n');

describe('parseProcTable', () => {
  it('when /proc/net/netstat has a TcpExt pair of lines, then each counter is read by name', () => {
    const ext = parseProcTable(NETSTAT, 'TcpExt');
    expect(ext.get('ListenOverflows')).toBe(813);
    expect(ext.get('TCPSynRetrans')).toBe(450);
    expect(ext.has('InNoRoutes')).toBe(false);
  });

  it('when the prefix is absent, then the table is empty', () => {
    expect(parseProcTable(NETSTAT, 'Tcp').size).toBe(0);
  });
});

describe('tcpCountersBetween', () => {
  it('when both readings exist, then the run is their difference; when one is missing, null', () => {
    const before = { listenOverflows: 10, synRetransmits: 5, connectionsOpened: 100 };
    const after = { listenOverflows: 823, synRetransmits: 455, connectionsOpened: 1_495 };
    expect(tcpCountersBetween(before, after)).toEqual({
      listenOverflows: 813,
      synRetransmits: 450,
      connectionsOpened: 1_395,
    });
    expect(tcpCountersBetween(null, after)).toBeNull();
  });
});
