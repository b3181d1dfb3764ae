import type { Instruction } from '../../rules/types.js';
import { createTaskRouterGateway } from '../../taskrouter/create-taskrouter-gateway.js';
import type { TaskRouterGateway } from '../../taskrouter/types.js';
import type { Command } from '../shared/command.js';
import type { CommandIo } from '../shared/command-io.js';
import { parseReservationsArgs, type ReservationsRequest } from './args.js';
import {
  readBaseUrl,
  readCliCredentials,
  type CliCredentials,
} from '../shared/read-credentials.js';
import { describeFailure, type FailureContext } from './describe-failure.js';
import { previewUpdate } from '../shared/preview-update.js';
import { RESERVATIONS_HELP, SUBCOMMAND_HELP, updateHelp } from './help.js';
import { readCliParams } from './params.js';
import { reportUsageError, USAGE_EXIT } from '../shared/usage-error.js';

// The service's own gateway; two sockets are plenty for one call at a time.
const createGateway = (c: CliCredentials): TaskRouterGateway =>
  createTaskRouterGateway({
    accountSid: c.accountSid,
    authToken: c.authToken,
    apiKey: c.apiKey,
    baseUrl: c.baseUrl,
    maxSockets: 2,
  });

function helpText(request: Extract<ReservationsRequest, { command: 'help' }>): string {
  switch (request.subcommand) {
    case undefined:
      return RESERVATIONS_HELP;
    case 'update':
      return updateHelp(request.kind);
    default:
      return SUBCOMMAND_HELP[request.subcommand];
  }
}

/**
 * `taskrouter-assigner reservations fetch|list|update …`: inspect or update reservations by hand
 * over the service's TaskRouter gateway. JSON on stdout; on failure, an explanation on stderr and
 * exit code 1; bad usage exits 2.
 */
export function createReservationsCommand(io: CommandIo): Command {
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  const fail = (lines: readonly string[]) => {
    io.stderr(`${lines.join('\n')}\n`);
    return 1;
  };

  async function run(request: Exclude<ReservationsRequest, { command: 'help' }>): Promise<number> {
    if (request.command === 'update') {
      const instruction: Instruction = {
        kind: request.kind,
        params: readCliParams(request.kind, request.paramArgs, request.paramsJson),
      };
      if (request.dryRun) {
        print(
          await previewUpdate(request.ref, instruction, {
            baseUrl: readBaseUrl(io.env),
            ifMatch: request.ifMatch,
          }),
        );
        return 0;
      }
      const credentials = readCliCredentials(io.env);
      const gateway = createGateway(credentials);
      const ctx: FailureContext = {
        what: `apply ${request.kind} to reservation ${request.ref.reservationSid}`,
        mutating: true,
        baseUrl: credentials.baseUrl,
      };
      try {
        const call = {
          timeoutMs: request.timeoutMs,
          ...(request.ifMatch && { ifMatch: request.ifMatch }),
        };
        print(await gateway.updateReservation(request.ref, instruction, call));
        return 0;
      } catch (err) {
        const lines = describeFailure(err, ctx);
        const status = (err as { status?: unknown } | null)?.status;
        // A refused update usually means the reservation moved on: say where it is now.
        if (status === 400 || status === 409 || status === 412) {
          lines.push(await currentStatus(gateway, request.ref, request.timeoutMs));
        }
        return fail(lines);
      }
    }
    const credentials = readCliCredentials(io.env);
    const gateway = createGateway(credentials);
    const options = { timeoutMs: request.timeoutMs };
    try {
      print(
        request.command === 'fetch'
          ? await gateway.fetchReservation(request.ref, options)
          : await gateway.listReservations(
              request.workspaceSid,
              request.taskSid,
              request.filters,
              options,
            ),
      );
      return 0;
    } catch (err) {
      const what =
        request.command === 'fetch'
          ? `fetch reservation ${request.ref.reservationSid}`
          : `list the reservations of task ${request.taskSid}`;
      return fail(describeFailure(err, { what, mutating: false, baseUrl: credentials.baseUrl }));
    }
  }

  return async (argv) => {
    let request: ReservationsRequest;
    try {
      request = parseReservationsArgs(argv);
      if (request.command === 'help') {
        // Asked for: stdout, exit 0. `reservations` alone is a usage error.
        if (argv.length === 0) {
          io.stderr(`${RESERVATIONS_HELP}\n`);
          return USAGE_EXIT;
        }
        io.stdout(`${helpText(request)}\n`);
        return 0;
      }
      return await run(request);
    } catch (err) {
      return reportUsageError(io.stderr, err, 'reservations');
    }
  };
}

async function currentStatus(
  gateway: TaskRouterGateway,
  ref: Parameters<TaskRouterGateway['fetchReservation']>[0],
  timeoutMs: number,
): Promise<string> {
  try {
    const now = await gateway.fetchReservation(ref, { timeoutMs });
    return `  now: the reservation is ${now.reservationStatus} (fetched after the refusal; etag ${now.etag ?? 'none'})`;
  } catch {
    return '  now: the reservation could not be fetched either';
  }
}
