import { describe, expect, it } from 'vitest';
import { desiredEventsFilter, planConnection } from '../../../src/cli/connect/plan-connection.js';
import { callbackTargets, REQUIRED_EVENTS } from '../../../src/cli/shared/callback-targets.js';

const targets = callbackTargets('https://assigner.example.com/');
const workspace = (eventCallbackUrl: string | null, eventsFilter: string | null) => ({
  sid: 'WS1',
  friendlyName: 'ws',
  eventCallbackUrl,
  eventsFilter,
});
const workflow = (assignmentCallbackUrl: string | null) => ({
  sid: 'WW1',
  friendlyName: 'wf',
  assignmentCallbackUrl,
  fallbackAssignmentCallbackUrl: null,
  taskReservationTimeout: 120,
});

describe('planConnection', () => {
  it('when a URL is on the same host with another path, then it is corrected, not refused', () => {
    const [, wf] = planConnection(
      workspace(null, null),
      [workflow('https://assigner.example.com/old')],
      targets,
      undefined,
    );
    expect(wf?.fields[0]).toEqual({
      field: 'AssignmentCallbackUrl',
      current: 'https://assigner.example.com/old',
      desired: 'https://assigner.example.com/taskrouter/assignment',
      foreignHost: null,
    });
  });

  it('when a URL is on another host or port, then the plan names that host', () => {
    const [ws] = planConnection(
      workspace('https://assigner.example.com:8443/e', null),
      [],
      targets,
      undefined,
    );
    expect(ws?.fields[0]?.foreignHost).toBe('assigner.example.com:8443');
  });

  it('when the filter holds the events in another order, then it is no change', () => {
    const reordered = [...REQUIRED_EVENTS].reverse().join(',');
    const [ws] = planConnection(workspace(targets.eventsUrl, reordered), [], targets, undefined);
    expect(ws?.fields.every((f) => f.current === f.desired)).toBe(true);
  });
});

describe('desiredEventsFilter', () => {
  it('when events are already listed, then they stay first and the missing ones are added once', () => {
    expect(desiredEventsFilter(' task.created , reservation.accepted ')).toBe(
      ['task.created', ...REQUIRED_EVENTS].join(','),
    );
  });
});
