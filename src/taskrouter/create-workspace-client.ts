import twilio from 'twilio';

/** A Workspace's settings that decide where TaskRouter sends its callbacks. */
export interface WorkspaceView {
  readonly sid: string;
  readonly friendlyName: string;
  readonly eventCallbackUrl: string | null;
  readonly eventsFilter: string | null;
}

/** A Workflow's settings that decide where its Assignment Callbacks go and how long they last. */
export interface WorkflowView {
  readonly sid: string;
  readonly friendlyName: string;
  readonly assignmentCallbackUrl: string | null;
  readonly fallbackAssignmentCallbackUrl: string | null;
  /** Seconds. */
  readonly taskReservationTimeout: number;
}

export interface WorkspaceUpdate {
  readonly eventCallbackUrl?: string;
  readonly eventsFilter?: string;
}

export interface WorkflowUpdate {
  readonly assignmentCallbackUrl?: string;
  readonly fallbackAssignmentCallbackUrl?: string;
}

/** Workspace and Workflow settings over the twilio library, for `connect` and `doctor`. */
export interface WorkspaceClient {
  fetchWorkspace(workspaceSid: string): Promise<WorkspaceView>;
  updateWorkspace(workspaceSid: string, update: WorkspaceUpdate): Promise<WorkspaceView>;
  /** Every Workflow of the Workspace, all pages. */
  listWorkflows(workspaceSid: string): Promise<WorkflowView[]>;
  fetchWorkflow(workspaceSid: string, workflowSid: string): Promise<WorkflowView>;
  updateWorkflow(
    workspaceSid: string,
    workflowSid: string,
    update: WorkflowUpdate,
  ): Promise<WorkflowView>;
  /** TaskRouter's `Date` header on a Workspace fetch (epoch ms), or null when it sent none. */
  serverDate(workspaceSid: string): Promise<number | null>;
}

export interface WorkspaceClientOptions {
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKey?: { readonly sid: string; readonly secret: string } | undefined;
  /** `TASKROUTER_BASE_URL`. */
  readonly baseUrl: string;
  /** Per request. @defaultValue 10000 */
  readonly timeoutMs?: number;
}

interface WorkspaceLike {
  sid: string;
  friendlyName: string;
  eventCallbackUrl: string | null;
  eventsFilter: string | null;
}

interface WorkflowLike {
  sid: string;
  friendlyName: string;
  assignmentCallbackUrl: string | null;
  fallbackAssignmentCallbackUrl: string | null;
  taskReservationTimeout: number;
}

const workspaceView = (w: WorkspaceLike): WorkspaceView => ({
  sid: w.sid,
  friendlyName: w.friendlyName,
  eventCallbackUrl: w.eventCallbackUrl || null,
  eventsFilter: w.eventsFilter || null,
});

const workflowView = (w: WorkflowLike): WorkflowView => ({
  sid: w.sid,
  friendlyName: w.friendlyName,
  assignmentCallbackUrl: w.assignmentCallbackUrl || null,
  fallbackAssignmentCallbackUrl: w.fallbackAssignmentCallbackUrl || null,
  taskReservationTimeout: w.taskReservationTimeout,
});

/**
 * The twilio library pointed at `baseUrl` (no auto-retry: a person runs these commands and
 * reads the outcome), each request bounded by `timeoutMs`.
 * @example
 * const client = createWorkspaceClient({ accountSid, authToken, baseUrl });
 * const workflows = await client.listWorkflows('WS…');
 */
export function createWorkspaceClient(opts: WorkspaceClientOptions): WorkspaceClient {
  const [user, pass] = opts.apiKey
    ? [opts.apiKey.sid, opts.apiKey.secret]
    : [opts.accountSid, opts.authToken];
  const timeout = opts.timeoutMs ?? 10_000;
  // edge/region stay unset: they rewrite the host name and would corrupt a non-Twilio base URL.
  const client = twilio(user, pass, { accountSid: opts.accountSid, autoRetry: false, timeout });
  client.taskrouter.baseUrl = opts.baseUrl;
  const ws = (sid: string) => client.taskrouter.v1.workspaces(sid);
  return {
    fetchWorkspace: async (sid) => workspaceView(await ws(sid).fetch()),
    updateWorkspace: async (sid, update) => workspaceView(await ws(sid).update(update)),
    listWorkflows: async (sid) => (await ws(sid).workflows.list()).map(workflowView),
    fetchWorkflow: async (sid, wf) => workflowView(await ws(sid).workflows(wf).fetch()),
    updateWorkflow: async (sid, wf, update) =>
      workflowView(await ws(sid).workflows(wf).update(update)),
    async serverDate(sid) {
      const res = (await client.request({
        method: 'get',
        uri: `${opts.baseUrl}/v1/Workspaces/${sid}`,
        timeout,
      })) as { statusCode: number; headers?: Record<string, unknown> };
      const date = res.headers?.date;
      const at = typeof date === 'string' ? Date.parse(date) : NaN;
      return Number.isNaN(at) ? null : at;
    },
  };
}
