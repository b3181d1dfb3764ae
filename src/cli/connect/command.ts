import type { WorkspaceClient } from '../../taskrouter/create-workspace-client.js';
import { callbackTargets } from '../shared/callback-targets.js';
import type { Command } from '../shared/command.js';
import type { CommandIo } from '../shared/command-io.js';
import { describeRestFailure } from '../shared/describe-rest-failure.js';
import { openWorkspaceClient } from '../shared/open-workspace-client.js';
import { readPublicBaseUrl } from '../shared/read-public-base-url.js';
import { reportUsageError } from '../shared/usage-error.js';
import { parseConnectArgs, type ConnectArgs } from './args.js';
import { formatInForce, formatPlan } from './format-plan.js';
import { CONNECT_HELP } from './help.js';
import { changed, planConnection, type ResourcePlan } from './plan-connection.js';
import { restoreCommands } from './restore-commands.js';

/** Exit status when, without `--apply`, a change is pending. */
export const CHANGES_PENDING = 3;

async function readPlan(client: WorkspaceClient, args: ConnectArgs, publicBaseUrl: string) {
  const workspace = await client.fetchWorkspace(args.workspaceSid);
  const workflows =
    args.workflowSids.length === 0
      ? await client.listWorkflows(args.workspaceSid)
      : await Promise.all(
          args.workflowSids.map((wf) => client.fetchWorkflow(args.workspaceSid, wf)),
        );
  return planConnection(workspace, workflows, callbackTargets(publicBaseUrl), args.fallbackUrl);
}

async function applyPlan(client: WorkspaceClient, ws: string, plans: readonly ResourcePlan[]) {
  for (const p of plans) {
    const update = Object.fromEntries(
      p.fields
        .filter(changed)
        .map((f) => [f.field[0]?.toLowerCase() + f.field.slice(1), f.desired]),
    );
    if (Object.keys(update).length === 0) {
      continue;
    }
    await (p.kind === 'Workspace'
      ? client.updateWorkspace(ws, update)
      : client.updateWorkflow(ws, p.sid, update));
  }
}

/**
 * `taskrouter-assigner connect`: shows (and with `--apply` makes) the changes that point a
 * Workspace and its Workflows at this service. Exit 0 done or nothing to do, 1 error or refused,
 * 2 bad usage, 3 changes pending without `--apply`.
 */
export function createConnectCommand(io: CommandIo): Command {
  const out = (text: string) => io.stdout(text);
  return async (argv) => {
    let args: ConnectArgs | 'help';
    let publicBaseUrl: string;
    let client: WorkspaceClient;
    let baseUrl: string;
    try {
      args = parseConnectArgs(argv);
      if (args === 'help') {
        out(`${CONNECT_HELP}\n`);
        return 0;
      }
      publicBaseUrl = readPublicBaseUrl(io.env);
      ({ client, baseUrl } = openWorkspaceClient(io.env));
    } catch (err) {
      return reportUsageError(io.stderr, err, 'connect');
    }
    try {
      const plans = await readPlan(client, args, publicBaseUrl);
      const pending = plans.flatMap((p) => p.fields.filter(changed));
      out(formatPlan(plans));
      if (pending.length === 0) {
        out('Nothing to do: TaskRouter already calls this service.\n');
        return 0;
      }
      const foreign = pending.filter((f) => f.foreignHost !== null);
      if (foreign.length > 0 && !args.takeOver) {
        io.stderr(
          `refused: ${foreign.map((f) => `${f.field} points at ${f.foreignHost}`).join('; ')}, not at ${publicBaseUrl}. Another deployment may be using it; nothing was changed. Pass --take-over to replace it.\n`,
        );
        return 1;
      }
      const restore = restoreCommands(plans, baseUrl);
      if (!args.apply) {
        out(`${pending.length} change(s) pending; run again with --apply to make them.\n`);
        return CHANGES_PENDING;
      }
      await applyPlan(client, args.workspaceSid, plans);
      const after = await readPlan(client, args, publicBaseUrl);
      out(formatInForce(after));
      out(`Previous values, to restore them:\n${restore.map((c) => `  ${c}`).join('\n')}\n`);
      const left = after.flatMap((p) => p.fields.filter(changed));
      if (left.length > 0) {
        io.stderr(
          `error: TaskRouter still shows ${left.map((f) => f.field).join(', ')} unchanged after the update\n`,
        );
        return 1;
      }
      return 0;
    } catch (err) {
      io.stderr(`${describeRestFailure(err, baseUrl).join('\n')}\n`);
      return 1;
    }
  };
}
