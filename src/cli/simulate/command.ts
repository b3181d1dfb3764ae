import { parseArgs } from 'node:util';
import type { Scenario } from '../../simulator/scenario/compile-scenario.js';
import { loadScenario } from '../../simulator/scenario/load-scenario.js';
import { applyOverrides, type Overrides } from '../../simulator/scenario/apply-overrides.js';
import { ScenarioError } from '../../simulator/scenario/scenario-error.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import { formatSummary } from '../../simulator/summary/format-summary.js';
import { simulatorOptionsFromScenario } from '../../simulator/traffic/simulator-options-from-scenario.js';
import { startTraffic } from '../../simulator/traffic/start-traffic.js';
import type { Command } from '../shared/command.js';
import type { CommandIo } from '../shared/command-io.js';
import { USAGE_EXIT } from '../shared/usage-error.js';

const USAGE = `Usage: taskrouter-assigner simulate [options]

Plays TaskRouter against a running service: tasks arrive, workers are reserved, signed Assignment
Callbacks and reservation events go to the service, and the service's REST updates go to this
simulator (start the service with TASKROUTER_BASE_URL set to the URL printed at start).

  --scenario <file>        scenario YAML (default config/examples/scenario.yaml)
  --port <n>               REST port of the simulator (default 4010; 0 for any free port)
  --host <addr>            (default 127.0.0.1)
  --assignment-url <url>   overrides the scenario's callbacks.assignmentUrl (every workflow)
  --fallback-url <url>     overrides callbacks.fallbackUrl
  --events-url <url>       overrides callbacks.eventsUrl
  --speed <x>              simulated seconds per real second
  --duration <s>           simulated seconds of arrivals
  --seed <n>               random seed
  --account-sid <AC…>      default: TWILIO_ACCOUNT_SID
  --auth-token <token>     default: TWILIO_AUTH_TOKEN (the service must use the same one)
  --progress <s>           print a summary line every s real seconds (default 10; 0: never)
  --json                   print the final summary as JSON
  --serve-only             only serve the REST API (no traffic) until stopped
  -h, --help

Exit status: 0 when done, 1 when a REST request broke the OpenAPI document, 2 on bad usage.`;

/**
 * `taskrouter-assigner simulate`: runs a scenario against the service and prints the summary.
 * Resolves with the process exit status; the entry file owns `process`.
 */
export function createSimulateCommand(io: CommandIo): Command {
  return (argv) => runSimulate(argv, io);
}

async function runSimulate(argv: readonly string[], io: CommandIo): Promise<number> {
  const say = (line: string) => io.stdout(`${line}\n`);
  const complain = (line: string) => io.stderr(`${line}\n`);
  let args: ReturnType<typeof parse>;
  let overrides: Overrides;
  try {
    args = parse(argv);
    overrides = readOverrides(args);
  } catch (err) {
    complain(`${(err as Error).message}\n\n${USAGE}`);
    return USAGE_EXIT;
  }
  if (args.help) {
    say(USAGE);
    return 0;
  }
  const accountSid = args['account-sid'] ?? io.env.TWILIO_ACCOUNT_SID;
  const authToken = args['auth-token'] ?? io.env.TWILIO_AUTH_TOKEN;
  if (!accountSid?.startsWith('AC') || !authToken) {
    complain(
      'simulate needs the credentials the service uses: set TWILIO_ACCOUNT_SID (AC…) and TWILIO_AUTH_TOKEN, or pass --account-sid and --auth-token.',
    );
    return USAGE_EXIT;
  }
  let scenario: Scenario;
  try {
    scenario = applyOverrides(await loadScenario(args.scenario), overrides);
  } catch (err) {
    complain(
      err instanceof ScenarioError
        ? err.message
        : `cannot read ${args.scenario}: ${(err as Error).message}`,
    );
    return USAGE_EXIT;
  }
  const sim = await startSimulator(
    simulatorOptionsFromScenario(scenario, {
      accountSid,
      authToken,
      port: Number(args.port),
      host: args.host,
    }),
  );
  say(`TaskRouter simulator on ${sim.url} — run the service with TASKROUTER_BASE_URL=${sim.url}`);
  for (const w of scenario.workflows) {
    say(
      `workflow ${w.name}: ${w.sid}, TaskReservationTimeout ${w.taskReservationTimeout} s, callbacks to ${w.assignmentUrl ?? '(none: reservations will only time out)'}`,
    );
  }
  const progressMs = Number(args.progress) * 1000;
  const progress =
    progressMs > 0 ? setInterval(() => say(formatSummary(sim.summary())), progressMs) : null;
  try {
    if (args['serve-only']) {
      await aborted(io.signal);
    } else {
      const traffic = startTraffic(sim, scenario);
      io.signal?.addEventListener('abort', () => traffic.stop(), { once: true });
      await traffic.done;
    }
    await sim.drainCallbacks();
    const summary = sim.summary();
    say(args.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    return summary.rest.violations > 0 ? 1 : 0;
  } finally {
    if (progress) {
      clearInterval(progress);
    }
    await sim.close();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      scenario: { type: 'string', default: 'config/examples/scenario.yaml' },
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'assignment-url': { type: 'string' },
      'fallback-url': { type: 'string' },
      'events-url': { type: 'string' },
      speed: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      progress: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      'serve-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal || signal.aborted) {
      resolve();
      return;
    }
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function readOverrides(args: ReturnType<typeof parse>): Overrides {
  const num = (name: string, v: string | undefined, integer = false): number | undefined => {
    if (v === undefined) {
      return undefined;
    }
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
      throw new Error(`--${name} must be a positive ${integer ? 'whole ' : ''}number, got "${v}"`);
    }
    return n;
  };
  const speed = num('speed', args.speed);
  const durationSeconds = num('duration', args.duration);
  const seed = num('seed', args.seed, true);
  num('progress', args.progress === '0' ? undefined : args.progress);
  num('port', args.port === '0' ? undefined : args.port, true);
  return {
    ...(speed !== undefined && { speed }),
    ...(durationSeconds !== undefined && { durationSeconds }),
    ...(seed !== undefined && { seed }),
    ...(args['assignment-url'] !== undefined && { assignmentUrl: args['assignment-url'] }),
    ...(args['fallback-url'] !== undefined && { fallbackUrl: args['fallback-url'] }),
    ...(args['events-url'] !== undefined && { eventsUrl: args['events-url'] }),
  };
}
