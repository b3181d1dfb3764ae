import { parseArgs } from 'node:util';
import { COMMAND_TABLE, LONG_RUNNING } from './command-table.js';
import type { CommandIo } from './shared/command-io.js';
import { USAGE_EXIT } from './shared/usage-error.js';

const USAGE = `Usage: taskrouter-assigner <command> [options]

Commands:
  rules check [PATH]                     validate rules files (and run their tests)
  rules explain --callback FILE [PATH]   show how each rule decides a callback
  rules test [PATH]                      run the rules files' test cases
  reservations fetch|list|update …       inspect or update reservations (incident recovery)
  simulate [--scenario FILE]             run the local TaskRouter simulator
  rehearse --rules PATH --scenario FILE  run rules against simulated traffic and report
  start                                  run the service (web + worker)
  connect --workspace WS… [--apply]      point TaskRouter's callbacks at PUBLIC_BASE_URL
  doctor --workspace WS… [--json]        check what would break in production

Run a command with --help for its options.`;

/**
 * Dispatches `argv` to a subcommand of {@link COMMAND_TABLE}; the entry file exits with the code
 * returned. `ioFor` gives the command its IO (the entry passes the process's).
 */
export async function runCli(
  argv: readonly string[],
  ioFor: (opts: { readonly signals: boolean }) => CommandIo,
): Promise<number> {
  const { positionals } = parseArgs({ args: [...argv], strict: false, allowPositionals: true });
  const [first, second] = positionals;
  const pair = first && second ? `${first} ${second}` : undefined;
  const name = pair !== undefined && Object.hasOwn(COMMAND_TABLE, pair) ? pair : first;
  // Own keys only: `constructor` or `toString` are not commands.
  const load =
    name !== undefined && Object.hasOwn(COMMAND_TABLE, name) ? COMMAND_TABLE[name] : undefined;
  if (name === undefined || load === undefined) {
    const asked = first === undefined || first === 'help' || first === '--help';
    const io = ioFor({ signals: false });
    if (asked) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    io.stderr(`Unknown command: ${positionals.slice(0, 2).join(' ')}\n\n${USAGE}\n`);
    return USAGE_EXIT;
  }
  const rest = dropWords(argv, name.split(' ').length);
  const command = await load(ioFor({ signals: LONG_RUNNING.has(name) }));
  return command(rest);
}

// Removes the first `n` positional words, keeping options wherever they were.
function dropWords(argv: readonly string[], n: number): string[] {
  const out: string[] = [];
  let dropped = 0;
  for (const arg of argv) {
    if (dropped < n && !arg.startsWith('-')) {
      dropped += 1;
      continue;
    }
    out.push(arg);
  }
  return out;
}
