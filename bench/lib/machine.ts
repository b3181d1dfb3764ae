import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, getPriority, totalmem } from 'node:os';

/** Where a set of figures came from. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memGiB: number;
  readonly node: string;
  readonly redis: string;
  /** The bench's nice value (inherited by every process it starts); below 0 favours the bench. */
  readonly nice: number;
  /**
   * The nice value of the bench's scheduler autogroup (Linux, `/proc/self/autogroup`): with
   * autogroups on, it (not `nice`) sets the bench's share against other sessions' processes.
   */
  readonly autogroupNice: number | null;
  readonly commit: string;
  readonly dirty: boolean;
  readonly at: string;
}

const tryRun = (cmd: string, args: string[]): string => {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
};

export function describeMachine(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    redis: /v=(\S+)/.exec(tryRun('redis-server', ['--version']))?.[1] ?? 'unknown',
    nice: getPriority(),
    autogroupNice: readAutogroupNice(),
    commit: tryRun('git', ['rev-parse', '--short', 'HEAD']),
    dirty: tryRun('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src']) !== '',
    at: new Date().toISOString(),
  };
}

function readAutogroupNice(): number | null {
  try {
    const m = /nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'));
    return m?.[1] === undefined ? null : Number(m[1]);
  } catch {
    return null;
  }
}
