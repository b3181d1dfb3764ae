import type { DestinationStream } from 'pino';
import { chooseSpeed } from '../../rehearse/choose-speed.js';
import { formatRehearsalReport } from '../../rehearse/format-rehearsal-report.js';
import { runRehearsal } from '../../rehearse/run-rehearsal.js';
import type { Scenario } from '../../simulator/scenario/compile-scenario.js';
import { applyOverrides } from '../../simulator/scenario/apply-overrides.js';
import { loadScenario } from '../../simulator/scenario/load-scenario.js';
import { ScenarioError } from '../../simulator/scenario/scenario-error.js';
import { formatSummary } from '../../simulator/summary/format-summary.js';
import type { CommandIo } from '../shared/command-io.js';
import { loadRulesOrReport } from '../shared/load-rules-or-report.js';
import type { Command } from '../shared/command.js';
import { parseRehearseArgs, type RehearseArgs } from './args.js';
import { REHEARSE_HELP } from './help.js';
import { reportUsageError } from '../shared/usage-error.js';
import { resolveRulesPath } from '../shared/rules-path.js';

async function readScenario(args: RehearseArgs, io: CommandIo): Promise<Scenario | undefined> {
  try {
    const scenario = applyOverrides(await loadScenario(args.scenarioPath), args.overrides);
    return args.overrides.speed === undefined
      ? { ...scenario, speed: chooseSpeed(scenario) }
      : scenario;
  } catch (err) {
    const message =
      err instanceof ScenarioError
        ? err.message
        : `cannot read ${args.scenarioPath}: ${(err as Error).message}`;
    io.stderr(`${message}\n`);
    return undefined;
  }
}

/**
 * `taskrouter-assigner rehearse`: runs rules against a scenario's simulated traffic with the whole
 * service in this process, and reports how reservations would settle. Exit status 1 when the
 * rules do not load or the service broke the OpenAPI document; 2 for bad usage or scenario.
 */
export function createRehearseCommand(io: CommandIo): Command {
  return async (argv) => {
    let args: RehearseArgs | 'help';
    try {
      args = parseRehearseArgs(argv);
    } catch (err) {
      return reportUsageError(io.stderr, err, 'rehearse');
    }
    if (args === 'help') {
      io.stdout(`${REHEARSE_HELP}\n`);
      return 0;
    }
    const rulesPath = resolveRulesPath(args.rulesPath, io.env);
    const loaded = loadRulesOrReport(rulesPath, {}, io.stderr);
    if (loaded === undefined) {
      return 1;
    }
    const scenario = await readScenario(args, io);
    if (scenario === undefined) {
      return 2;
    }
    const logTo: DestinationStream = { write: (line: string) => io.stderr(line) };
    io.stderr(
      `rehearsing ${rulesPath} with ${args.scenarioPath}: ${scenario.durationSeconds} s of arrivals at speed ${scenario.speed}\n`,
    );
    const report = await runRehearsal({
      ruleSet: loaded.ruleSet,
      rulesPath,
      scenario,
      scenarioPath: args.scenarioPath,
      env: io.env,
      logTo,
      signal: io.signal,
      ...(args.progressMs > 0 && {
        progressMs: args.progressMs,
        onProgress: (summary) => io.stderr(`… ${formatSummary(summary)}\n`),
      }),
    });
    io.stdout(`${args.json ? JSON.stringify(report, null, 2) : formatRehearsalReport(report)}\n`);
    return report.rest.violations > 0 ? 1 : 0;
  };
}
