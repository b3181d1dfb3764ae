import { INSTRUCTION_CATALOG, type ParamSpec } from '../../rules/compile/instruction-catalog.js';
import { INSTRUCTION_KINDS, type InstructionKind } from '../../rules/types.js';

import { RESERVATION_STATUSES } from '../../shared/reservation-status.js';

export { RESERVATION_STATUSES };

const ENVIRONMENT = `Environment:
  TWILIO_ACCOUNT_SID      the account that owns the workspace (AC…)
  TWILIO_AUTH_TOKEN       its auth token; or TWILIO_API_KEY (SK…) and TWILIO_API_SECRET
  TASKROUTER_BASE_URL     default https://taskrouter.twilio.com (the simulator, a proxy)`;

const COMMON = `  --workspace WS…         the workspace SID
  --task WT…              the task SID
  --timeout-ms N          give up waiting for TaskRouter after N ms (default 10000)
  -h, --help              this help`;

export const RESERVATIONS_HELP = `Usage: taskrouter-assigner reservations <fetch|list|update> [options]

Inspect or update TaskRouter reservations by hand (incident recovery), through the same
TaskRouter client the service uses. Prints JSON on stdout; errors go to stderr. Exit code 0 done,
1 TaskRouter refused or could not be reached, 2 bad usage (arguments, params, environment).

  reservations fetch  --workspace WS… --task WT… --reservation WR…
  reservations list   --workspace WS… --task WT… [--worker WK…] [--status STATUS]
  reservations update --workspace WS… --task WT… --reservation WR… <instruction> [--param name=value …]

Instructions: ${INSTRUCTION_KINDS.join(', ')}.
Run \`taskrouter-assigner reservations <fetch|list|update> --help\` for each one's options.

${ENVIRONMENT}`;

const FETCH_HELP = `Usage: taskrouter-assigner reservations fetch --workspace WS… --task WT… --reservation WR…

Prints the reservation as JSON: sid, taskSid, workerSid, workerName, reservationStatus,
dateUpdated and etag (for \`update --if-match\`).

Options:
${COMMON}
  --reservation WR…       the reservation SID

${ENVIRONMENT}`;

const LIST_HELP = `Usage: taskrouter-assigner reservations list --workspace WS… --task WT… [--worker WK…] [--status STATUS]

Prints the task's reservations as a JSON array. The resource does not paginate.

Options:
${COMMON}
  --worker WK…            only this worker's reservations
  --status STATUS         only reservations in this status: ${RESERVATION_STATUSES.join(', ')}

${ENVIRONMENT}`;

function describeSpec(spec: ParamSpec): string {
  const type =
    spec.type === 'string-list'
      ? `list (comma-separated${spec.enum ? `: ${spec.enum.join(',')}` : ''})`
      : spec.enum
        ? spec.enum.join('|')
        : spec.pattern
          ? `${spec.pattern.source.slice(1, 3)} SID`
          : spec.type;
  return `${type}${spec.required === true ? ', required' : ''}`;
}

/** The params of one instruction, one a line, from the catalog. */
export function describeParams(kind: InstructionKind): string {
  const entries = Object.entries(INSTRUCTION_CATALOG[kind]);
  if (entries.length === 0) {
    return `  ${kind} takes no params.`;
  }
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries.map(([name, spec]) => `  ${name.padEnd(width)}  ${describeSpec(spec)}`).join('\n');
}

/** Help for `update`; with an instruction, its params in full. */
export function updateHelp(kind?: InstructionKind): string {
  const params =
    kind === undefined
      ? INSTRUCTION_KINDS.map(
          (k) => `  ${k.padEnd(11)} ${Object.keys(INSTRUCTION_CATALOG[k]).join(', ') || '(none)'}`,
        ).join('\n')
      : describeParams(kind);
  const heading =
    kind === undefined
      ? `Params by instruction (\`reservations update <instruction> --help\` for types):`
      : `Params of ${kind}:`;
  return `Usage: taskrouter-assigner reservations update --workspace WS… --task WT… --reservation WR…
         <accept|reject|conference|dequeue|call|redirect> [--param name=value …] [--params JSON]

Issues one of the six updates by hand, as the service's worker would, and prints the reservation
as TaskRouter returned it. Params use the names of rules files (camelCase; snake_case accepted)
and are checked the same way: types, allowed values, SIDs, required params.

Options:
${COMMON}
  --reservation WR…       the reservation SID
  -p, --param name=value  one param; repeat for more. Integers and true/false are converted;
                          a list param takes comma-separated values (or is repeated)
  --params JSON           params as one JSON object, e.g. '{"from":"+18001231234","timeout":20}'
  --if-match ETAG         send If-Match: refused (20412) if the reservation changed since
  --dry-run               print the REST request (URL, headers, form fields) and send nothing;
                          needs no credentials

${heading}
${params}

Examples:
  reservations update … accept
  reservations update … reject --param activitySid=WA…
  reservations update … conference --param from=+18001231234 --param timeout=20 \\
      --param conferenceStatusCallbackEvent=start,end
  reservations update … redirect --params '{"callSid":"CA…","url":"https://example.com/twiml"}'

${ENVIRONMENT}`;
}

export const SUBCOMMAND_HELP: Readonly<Record<'fetch' | 'list', string>> = {
  fetch: FETCH_HELP,
  list: LIST_HELP,
};
