import type { WorkflowView, WorkspaceView } from '../../taskrouter/create-workspace-client.js';
import {
  hostOf,
  REQUIRED_EVENTS,
  splitEventsFilter,
  type CallbackTargets,
} from '../shared/callback-targets.js';

/** One field of one resource, as it is and as `connect` would make it. */
export interface FieldPlan {
  readonly field: string;
  readonly current: string | null;
  readonly desired: string;
  /** The current value is a URL on another host: replacing it takes `--take-over`. */
  readonly foreignHost: string | null;
}

export interface ResourcePlan {
  readonly kind: 'Workspace' | 'Workflow';
  readonly sid: string;
  readonly friendlyName: string;
  readonly fields: readonly FieldPlan[];
}

export const changed = (f: FieldPlan) => f.current !== f.desired;

function urlField(
  field: string,
  current: string | null,
  desired: string,
  ownHost: string | null,
): FieldPlan {
  const host = current === null ? null : hostOf(current);
  const foreign = current !== null && current !== desired && host !== ownHost;
  return { field, current, desired, foreignHost: foreign ? (host ?? current) : null };
}

/** The filter that keeps what is there and adds what the service needs (in that order). */
export function desiredEventsFilter(current: string | null): string {
  const listed = splitEventsFilter(current);
  return [...listed, ...REQUIRED_EVENTS.filter((e) => !listed.includes(e))].join(',');
}

/**
 * What `connect` would change, field by field (pure). A fallback URL is planned only when one is
 * given; a field already right is listed too, unchanged.
 */
export function planConnection(
  workspace: WorkspaceView,
  workflows: readonly WorkflowView[],
  targets: CallbackTargets,
  fallbackUrl: string | undefined,
): ResourcePlan[] {
  const own = hostOf(targets.publicBaseUrl);
  const filter = desiredEventsFilter(workspace.eventsFilter);
  const plans: ResourcePlan[] = [
    {
      kind: 'Workspace',
      sid: workspace.sid,
      friendlyName: workspace.friendlyName,
      fields: [
        urlField('EventCallbackUrl', workspace.eventCallbackUrl, targets.eventsUrl, own),
        {
          field: 'EventsFilter',
          current: workspace.eventsFilter,
          // Same events in another order is no change.
          desired: sameSet(workspace.eventsFilter, filter)
            ? (workspace.eventsFilter ?? filter)
            : filter,
          foreignHost: null,
        },
      ],
    },
  ];
  for (const wf of workflows) {
    plans.push({
      kind: 'Workflow',
      sid: wf.sid,
      friendlyName: wf.friendlyName,
      fields: [
        urlField('AssignmentCallbackUrl', wf.assignmentCallbackUrl, targets.assignmentUrl, own),
        ...(fallbackUrl === undefined
          ? []
          : [
              // Named on the command line: replacing it is what was asked for.
              {
                field: 'FallbackAssignmentCallbackUrl',
                current: wf.fallbackAssignmentCallbackUrl,
                desired: fallbackUrl,
                foreignHost: null,
              },
            ]),
      ],
    });
  }
  return plans;
}

function sameSet(a: string | null, b: string): boolean {
  const x = new Set(splitEventsFilter(a));
  const y = new Set(splitEventsFilter(b));
  return x.size === y.size && [...x].every((e) => y.has(e));
}
