import type { CommandIo } from '../../src/cli/shared/command-io.js';

/** A CommandIo that keeps what a command writes, for assertions. */
export function captureIo(env: Readonly<Record<string, string | undefined>> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    env,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
  };
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
