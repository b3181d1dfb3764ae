import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/** Where a set of figures came from. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memGiB: number;
  readonly node: string;
  readonly redis: string;
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
    commit: tryRun('git', ['rev-parse', '--short', 'HEAD']),
    dirty: tryRun('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src']) !== '',
    at: new Date().toISOString(),
  };
}
