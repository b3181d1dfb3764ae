import { UsageError } from './usage-error.js';

/** The Workspace and Workflows a command works on (`--workspace WS…`, `--workflow WW…` repeated). */
export interface WorkspaceSelection {
  readonly workspaceSid: string;
  /** Empty: every Workflow of the Workspace. */
  readonly workflowSids: readonly string[];
}

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

/** Checks the SIDs given to `--workspace` and `--workflow`; throws one UsageError for all problems. */
export function readWorkspaceSelection(
  workspace: string | undefined,
  workflows: readonly string[] | undefined,
  command: string,
): WorkspaceSelection {
  const problems: string[] = [];
  if (workspace === undefined) {
    problems.push(
      '--workspace WS… is required: the Workspace SID (Console → TaskRouter → Workspaces)',
    );
  } else if (!SID('WS').test(workspace)) {
    problems.push(
      `--workspace: expected WS and 32 hex digits but found ${JSON.stringify(workspace)}`,
    );
  }
  for (const wf of workflows ?? []) {
    if (!SID('WW').test(wf)) {
      problems.push(`--workflow: expected WW and 32 hex digits but found ${JSON.stringify(wf)}`);
    }
  }
  if (problems.length > 0) {
    throw new UsageError(problems, command);
  }
  return { workspaceSid: workspace ?? '', workflowSids: [...new Set(workflows ?? [])] };
}
