import {
  createWorkspaceClient,
  type WorkspaceClient,
} from '../../taskrouter/create-workspace-client.js';
import { readCliCredentials } from './read-credentials.js';

/** The Workspace client from the same `TWILIO_*` and `TASKROUTER_BASE_URL` the service reads. */
export function openWorkspaceClient(
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs?: number,
): { readonly client: WorkspaceClient; readonly baseUrl: string } {
  const c = readCliCredentials(env);
  return {
    client: createWorkspaceClient({
      accountSid: c.accountSid,
      authToken: c.authToken,
      apiKey: c.apiKey,
      baseUrl: c.baseUrl,
      ...(timeoutMs !== undefined && { timeoutMs }),
    }),
    baseUrl: c.baseUrl,
  };
}
