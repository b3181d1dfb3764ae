import { changed, type ResourcePlan } from './plan-connection.js';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Shell commands that put back the previous values of every field `connect` changes: curl
 * against the same TaskRouter API, credentials read from the environment (never printed).
 * A field that was unset cannot be unset again through the API: it is named instead.
 */
export function restoreCommands(plans: readonly ResourcePlan[], baseUrl: string): string[] {
  const out: string[] = [];
  for (const p of plans) {
    const fields = p.fields.filter(changed);
    if (fields.length === 0) {
      continue;
    }
    const path =
      p.kind === 'Workspace'
        ? `/v1/Workspaces/${p.sid}`
        : `/v1/Workspaces/${workspaceOf(plans)}/Workflows/${p.sid}`;
    const data = fields
      .filter((f) => f.current !== null)
      .map((f) => `--data-urlencode ${quote(`${f.field}=${f.current ?? ''}`)}`);
    if (data.length > 0) {
      out.push(
        `curl -sS -X POST ${quote(`${baseUrl}${path}`)} -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" ${data.join(' ')}`,
      );
    }
    for (const f of fields.filter((x) => x.current === null)) {
      out.push(
        `# ${p.kind} ${p.sid}: ${f.field} was unset; clear it in the Twilio Console to restore`,
      );
    }
  }
  return out;
}

function workspaceOf(plans: readonly ResourcePlan[]): string {
  return plans.find((p) => p.kind === 'Workspace')?.sid ?? '';
}
