import { readFileSync } from 'node:fs';
import type { Config } from '../../config/env.js';
import type { WorkflowView, WorkspaceClient } from '../../taskrouter/create-workspace-client.js';
import { callbackTargets } from '../shared/callback-targets.js';
import { describeRestFailure } from '../shared/describe-rest-failure.js';
import { redactUrl } from '../shared/redact-url.js';
import type { WorkspaceSelection } from '../shared/workspace-selection.js';
import { checkClock } from './check-clock.js';
import { checkListenBacklog } from './check-listen-backlog.js';
import { checkPublicBaseUrl } from './check-public-base-url.js';
import { checkRules } from './check-rules.js';
import { checkRedis } from './check-redis.js';
import { fail, ok, skip, type CheckResult } from './check-result.js';
import { checkReservationTimeouts, checkWorkflowCallbacks } from './check-workflows.js';
import { checkWorkspaceEvents } from './check-workspace.js';
import { readRedisFacts } from './read-redis-facts.js';

/** What the doctor compares against; tests set their own budgets and clock. */
export interface DoctorDeps {
  readonly now: () => number;
  /** A monotonic clock in ms with sub-ms resolution, for round trips. */
  readonly elapsed: () => number;
  /** Median Redis PING above this fails. @defaultValue 50 */
  readonly redisRoundTripBudgetMs: number;
  /** Clock skew against TaskRouter's Date header above this fails. @defaultValue 5000 */
  readonly clockSkewBudgetMs: number;
  /** Bound on each Redis command and TaskRouter request. @defaultValue 5000 */
  readonly timeoutMs: number;
  /** The kernel's cap on a listen backlog (`net.core.somaxconn`); null where unknown. */
  readonly somaxconn: () => number | null;
}

export const DEFAULT_DOCTOR_DEPS: DoctorDeps = {
  now: () => Date.now(),
  elapsed: () => performance.now(),
  redisRoundTripBudgetMs: 50,
  clockSkewBudgetMs: 5000,
  timeoutMs: 5000,
  somaxconn: readSomaxconn,
};

function readSomaxconn(): number | null {
  try {
    const n = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

async function checkTaskRouter(
  client: WorkspaceClient,
  sel: WorkspaceSelection,
  config: Config,
  rulesTimeouts: Readonly<Record<string, number | undefined>>,
  deps: DoctorDeps,
): Promise<CheckResult[]> {
  const targets = callbackTargets(config.publicBaseUrl);
  const credentials = 'credentials work (the Workspace can be fetched)';
  let workspace;
  let workflows: WorkflowView[];
  try {
    workspace = await client.fetchWorkspace(sel.workspaceSid);
    workflows =
      sel.workflowSids.length === 0
        ? await client.listWorkflows(sel.workspaceSid)
        : await Promise.all(
            sel.workflowSids.map((wf) => client.fetchWorkflow(sel.workspaceSid, wf)),
          );
  } catch (err) {
    const [what = '', ...how] = describeRestFailure(err, config.twilio.taskrouterBaseUrl);
    const fix = how.map((l) => l.replace(/^\s*what to do: /, '')).join('; ');
    return [
      fail(credentials, what, fix || 'check the TWILIO_* variables and TASKROUTER_BASE_URL'),
      ...[
        'Workspace events',
        'Workflow callbacks',
        'TaskReservationTimeout',
        'clock agrees with TaskRouter',
      ].map((n) => skip(n, 'TaskRouter could not be read')),
    ];
  }
  const before = deps.now();
  const serverDate = await client.serverDate(sel.workspaceSid).catch(() => null);
  const midpoint = before + (deps.now() - before) / 2;
  return [
    ok(
      credentials,
      `${workspace.sid} (${workspace.friendlyName}), ${workflows.length} Workflow(s)`,
    ),
    ...checkWorkspaceEvents(workspace, targets),
    ...checkWorkflowCallbacks(sel.workspaceSid, workflows, targets),
    ...checkReservationTimeouts(workflows, {
      deadlineMarginMs: config.deadlineMarginMs,
      httpTimeoutMs: config.worker.httpTimeoutMs,
      retryBaseMs: config.worker.retryBaseMs,
      rulesTimeouts,
    }),
    checkClock(serverDate, midpoint, deps.clockSkewBudgetMs),
  ];
}

/** Every check, in checklist order; never throws for what it finds. */
export async function runDoctor(
  config: Config,
  client: WorkspaceClient,
  sel: WorkspaceSelection,
  deps: DoctorDeps,
): Promise<CheckResult[]> {
  const rules = checkRules(config.rulesPath, deps.now());
  const rulesTimeouts = Object.fromEntries(
    Object.entries(rules.rules?.ruleSet.workflows ?? {}).map(([sid, s]) => [
      sid,
      s.reservationTimeout,
    ]),
  );
  const redis = await readRedisFacts(config.redis.url, {
    timeoutMs: deps.timeoutMs,
    tlsRejectUnauthorized: config.redis.tlsRejectUnauthorized,
    now: deps.elapsed,
  }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  return [
    checkPublicBaseUrl(config.publicBaseUrl),
    checkListenBacklog(config.http.listenBacklog, deps.somaxconn()),
    ...(await checkTaskRouter(client, sel, config, rulesTimeouts, deps)),
    ...checkRedis(redis, redactUrl(config.redis.url), deps.redisRoundTripBudgetMs),
    rules.result,
  ];
}
