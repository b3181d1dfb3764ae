import { parseArgs } from 'node:util';

/** A subcommand: gets its own argv (after the command words) and returns the exit code. */
export type Command = (argv: readonly string[]) => Promise<number>;

// Subcommands by their one or two words (`simulate`, `rules check`).
const COMMANDS: Record<string, () => Promise<Command>> = {};

const USAGE = `Usage: taskrouter-assigner <command> [options]

Commands:
  rules check [PATH]                     validate rules files (and run their tests)
  rules explain --callback FILE [PATH]   show how each rule decides a callback
  rules test [PATH]                      run the rules files' test cases
  reservations fetch|list|update …       inspect or update reservations (incident recovery)
  simulate [--scenario FILE]             run the local TaskRouter simulator
  rehearse --rules PATH --scenario FILE  run rules against simulated traffic and report
  start                                  run the service (web + worker)

Run a command with --help for its options.`;

/** Dispatches `argv` to a subcommand; the bin script exits with the code returned. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const { positionals } = parseArgs({ args: [...argv], strict: false, allowPositionals: true });
  const [first, second] = positionals;
  const two = first && second ? COMMANDS[`${first} ${second}`] : undefined;
  const one = first ? COMMANDS[first] : undefined;
  const load = two ?? one;
  if (!load) {
    console.error(first ? `Unknown command: ${positionals.slice(0, 2).join(' ')}\n\n${USAGE}` : USAGE);
    return first === undefined || first === 'help' || first === '--help' ? 0 : 2;
  }
  const words = two ? 2 : 1;
  const rest = dropWords(argv, words);
  return (await load())(rest);
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

/** Registers a lazily loaded subcommand (keeps `--help` fast and imports light). */
export function registerCommand(words: string, load: () => Promise<Command>): void {
  COMMANDS[words] = load;
}
