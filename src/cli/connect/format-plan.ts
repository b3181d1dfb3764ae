import { changed, type ResourcePlan } from './plan-connection.js';

const shown = (v: string | null) => (v === null ? '(unset)' : v);

/**
 * The plan as text: per resource, each field as it is and as it would be (`=` unchanged,
 * `~` to change, `!` refused: another host's URL).
 */
export function formatPlan(plans: readonly ResourcePlan[]): string {
  const lines: string[] = [];
  for (const p of plans) {
    lines.push(`${p.kind} ${p.sid} (${p.friendlyName})`);
    for (const f of p.fields) {
      if (!changed(f)) {
        lines.push(`  = ${f.field}: ${shown(f.current)}`);
        continue;
      }
      const mark = f.foreignHost === null ? '~' : '!';
      lines.push(
        `  ${mark} ${f.field}`,
        `      is:      ${shown(f.current)}`,
        `      becomes: ${f.desired}`,
      );
      if (f.foreignHost !== null) {
        lines.push(`      refused: it points at another host (${f.foreignHost})`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What is in force now, after `--apply` fetched everything again. */
export function formatInForce(plans: readonly ResourcePlan[]): string {
  const lines = ['Now in force:'];
  for (const p of plans) {
    lines.push(`${p.kind} ${p.sid} (${p.friendlyName})`);
    for (const f of p.fields) {
      lines.push(`  ${f.field}: ${shown(f.current)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
