import type { WorkspaceSettings } from '../types.js';

/** The one simulated Workspace's settings, changed by UpdateWorkspace or by a test. */
export interface WorkspaceState {
  get(): WorkspaceSettings;
  set(settings: WorkspaceSettings): void;
}

export function createWorkspaceState(initial: WorkspaceSettings): WorkspaceState {
  let current = initial;
  return {
    get: () => current,
    set(settings) {
      current = settings;
    },
  };
}
