import { loadConfig, type Config } from '../../config/env.js';
import type { Command } from '../shared/command.js';
import type { CommandIo } from '../shared/command-io.js';
import { openWorkspaceClient } from '../shared/open-workspace-client.js';
import { reportUsageError } from '../shared/usage-error.js';
import { parseOptions } from '../shared/parse-options.js';
import { readWorkspaceSelection, type WorkspaceSelection } from '../shared/workspace-selection.js';
import { fail, type CheckResult } from './check-result.js';
import { formatChecklist } from './format-checklist.js';
import { DOCTOR_HELP } from './help.js';
import { DEFAULT_DOCTOR_DEPS, runDoctor, type DoctorDeps } from './run-doctor.js';

function parse(argv: readonly string[]): (WorkspaceSelection & { json: boolean }) | 'help' {
  const values = parseOptions(
    argv,
    {
      workspace: { type: 'string' },
      workflow: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'doctor',
  );
  if (values.help) {
    return 'help';
  }
  return {
    ...readWorkspaceSelection(values.workspace, values.workflow, 'doctor'),
    json: values.json,
  };
}

async function check(
  env: CommandIo['env'],
  sel: WorkspaceSelection,
  deps: DoctorDeps,
): Promise<CheckResult[]> {
  let config: Config;
  try {
    // Read exactly as the web and worker processes read it.
    config = loadConfig(env);
  } catch (err) {
    return [
      fail(
        'configuration loads',
        (err as Error).message.replace(/\s*\n\s*/g, ' '),
        'set the variables named, as for the web and worker processes',
      ),
    ];
  }
  const { client } = openWorkspaceClient(env, deps.timeoutMs);
  return runDoctor(config, client, sel, deps);
}

/**
 * `taskrouter-assigner doctor`: the checklist of what would break in production. Exit 0 when
 * every check passes, 1 when one fails (or the configuration does not load), 2 bad usage.
 */
export function createDoctorCommand(
  io: CommandIo,
  deps: DoctorDeps = DEFAULT_DOCTOR_DEPS,
): Command {
  return async (argv) => {
    let args: ReturnType<typeof parse>;
    try {
      args = parse(argv);
    } catch (err) {
      return reportUsageError(io.stderr, err, 'doctor');
    }
    if (args === 'help') {
      io.stdout(`${DOCTOR_HELP}\n`);
      return 0;
    }
    const results = await check(io.env, args, deps);
    const failed = results.some((r) => r.status === 'fail');
    io.stdout(
      args.json
        ? `${JSON.stringify({ ok: !failed, checks: results }, null, 2)}\n`
        : formatChecklist(results),
    );
    return failed ? 1 : 0;
  };
}
