import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU and memory of one process over a window, read from /proc (Linux). */
export interface ProcessUsage {
  readonly name: string;
  readonly pid: number;
  /** Average cores used over the window (1.0 = one core fully busy). */
  readonly cpuCores: number;
  /** CPU time (user + system) used during the window, seconds. */
  readonly cpuSeconds: number;
  /** Largest VmRSS sampled during the window, MB (10^6 bytes). */
  readonly peakRssMB: number;
  /** VmHWM at the end of the window: the peak RSS since the process started, MB. */
  readonly hwmMB: number;
}

export interface MachineUsage {
  /** Cores busy machine-wide over the window (all processes, user + system + irq). */
  readonly busyCores: number;
  /** Cores busy outside the processes sampled: other work on the machine during the run. */
  readonly otherCores: number;
  readonly loadAvgStart: number;
  readonly loadAvgEnd: number;
}

let clkTck: number | undefined;
function ticksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** utime + stime of a process, in clock ticks; null once it is gone. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is parenthesised and may hold spaces: fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export function statusKiB(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m?.[1] === undefined ? 0 : Number(m[1]);
  } catch {
    return 0;
  }
}

/** Machine-wide busy and total jiffies from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

const loadAvg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/**
 * Samples named processes every `intervalMs` between `start()` and `stop()`: CPU from
 * /proc/PID/stat (utime+stime), RSS from /proc/PID/status, and the machine's total from
 * /proc/stat, so a run can show how much of the 2 cores something else was using.
 */
export function createProcSampler(
  procs: ReadonlyArray<{ name: string; pid: number }>,
  intervalMs = 200,
) {
  const startTicks = new Map<number, number>();
  const peakRss = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let t0 = 0;
  let m0 = { busy: 0, total: 0 };
  let load0 = 0;
  const sampleRss = () => {
    for (const p of procs) {
      peakRss.set(p.pid, Math.max(peakRss.get(p.pid) ?? 0, statusKiB(p.pid, 'VmRSS')));
    }
  };
  return {
    start(): void {
      t0 = performance.now();
      m0 = machineTicks();
      load0 = loadAvg();
      for (const p of procs) {
        startTicks.set(p.pid, cpuTicks(p.pid) ?? 0);
      }
      sampleRss();
      timer = setInterval(sampleRss, intervalMs);
    },
    stop(): { processes: ProcessUsage[]; machine: MachineUsage } {
      clearInterval(timer);
      sampleRss();
      const seconds = (performance.now() - t0) / 1000;
      const hz = ticksPerSecond();
      const m1 = machineTicks();
      const processes = procs.map((p) => {
        const end = cpuTicks(p.pid) ?? startTicks.get(p.pid) ?? 0;
        const cpuSeconds = (end - (startTicks.get(p.pid) ?? 0)) / hz;
        return {
          name: p.name,
          pid: p.pid,
          cpuCores: round(cpuSeconds / seconds),
          cpuSeconds: round(cpuSeconds),
          peakRssMB: round(((peakRss.get(p.pid) ?? 0) * 1024) / 1e6),
          hwmMB: round((statusKiB(p.pid, 'VmHWM') * 1024) / 1e6),
        };
      });
      const busyCores = (m1.busy - m0.busy) / hz / seconds;
      const ours = processes.reduce((a, p) => a + p.cpuCores, 0);
      return {
        processes,
        machine: {
          busyCores: round(busyCores),
          otherCores: round(Math.max(0, busyCores - ours)),
          loadAvgStart: load0,
          loadAvgEnd: loadAvg(),
        },
      };
    },
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
