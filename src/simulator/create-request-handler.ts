import type { IncomingMessage, ServerResponse } from 'node:http';
import { toFieldMap, type Ledger, type OpenEntry } from './create-ledger.js';
import type { FaultDecider } from './faults/create-fault-control.js';
import { injectFault } from './faults/inject-fault.js';
import { BodyTooLargeError, readRequest, type ReadRequest } from './http/read-request.js';
import { sendJson } from './http/send-json.js';
import type { CompiledOperation } from './openapi/create-operation-matcher.js';
import type { ConformanceCheck } from './openapi/create-conformance-check.js';
import type { RouteHandler, RouteResult } from './routes/types.js';
import { TWILIO_ERRORS, twilioError } from './twilio-error.js';
import type { SimClock } from './types.js';

export interface RequestHandlerDeps {
  readonly check: ConformanceCheck;
  readonly routes: ReadonlyMap<string, RouteHandler>;
  readonly isAuthorized: (header: string | undefined) => boolean;
  readonly faults: FaultDecider;
  readonly ledger: Ledger;
  readonly clock: SimClock;
  /** The simulator's own routes (not TaskRouter's, e.g. `GET /summary`): null when not one. */
  readonly ownRoute: (method: string, path: string) => RouteResult | null;
  /** Real-time wait for `slow` faults; never settles once the simulator closes. */
  readonly delay: (ms: number) => Promise<void>;
}

/**
 * The simulator's request pipeline: ledger → route in the OpenAPI document → Basic auth →
 * conformance (violations answer 400 / 20001) → fault injection → the operation's handler.
 */
export function createRequestHandler(
  deps: RequestHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readRequest(req);
    const own = deps.ownRoute(read.method, read.path);
    if (own) {
      sendJson(res, own.status, own.body, own.headers);
      return;
    }
    const headers = withoutAuthorization(read.headers);
    const entry = deps.ledger.open({
      at: deps.clock.now(),
      method: read.method,
      path: read.path,
      operation: null,
      form: toFieldMap(read.form),
      query: toFieldMap(read.query),
      headers,
      status: null,
    });
    const answer = (result: RouteResult) => respond(res, entry, result);
    const match = deps.check.match(read.method, read.path);
    if (match.kind !== 'match') {
      answer(unrouted(read, entry, match.kind === 'method-not-allowed' ? match.allowed : null));
      return;
    }
    const op = match.operation;
    entry.operation = op.operationId;
    // Known from the path, so requests answered by an injected fault are attributed too.
    const sid = match.pathParams.Sid;
    if (sid?.startsWith('WR')) {
      entry.reservationSid = sid;
    }
    if (!deps.isAuthorized(read.headers.authorization)) {
      answer({
        status: 401,
        body: twilioError(401, TWILIO_ERRORS.authenticate, 'Authenticate'),
        headers: { 'www-authenticate': 'Basic realm="Twilio API"' },
      });
      return;
    }
    const invalid = validate(op, match.pathParams, read, entry);
    if (invalid) {
      answer(invalid);
      return;
    }
    await runOperation(op, match.pathParams, read, headers, entry, req, res);
  }

  /** Fault injection, then the operation's handler (a `reset-after-apply` fault cuts the answer). */
  async function runOperation(
    op: CompiledOperation,
    pathParams: Record<string, string>,
    read: ReadRequest,
    headers: Record<string, string>,
    entry: OpenEntry,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const fault = deps.faults.decide(op.operationId);
    if (fault) {
      entry.fault = fault.kind;
      const done = await injectFault(fault, {
        answer: (result) => respond(res, entry, result),
        reset: () => {
          deps.ledger.finish(entry, { status: null });
          req.socket.destroy();
        },
        delay: deps.delay,
      });
      if (done) {
        return;
      }
    }
    const route = deps.routes.get(op.operationId) ?? notImplemented(op);
    const result = route({
      operationId: op.operationId,
      path: read.path,
      pathParams,
      query: read.query,
      form: read.form,
      headers,
    });
    if (fault?.kind === 'reset-after-apply') {
      finishFromResult(entry, result, null);
      req.socket.destroy();
      return;
    }
    respond(res, entry, result);
  }

  function respond(res: ServerResponse, entry: OpenEntry, result: RouteResult): void {
    finishFromResult(entry, result, result.status);
    sendJson(res, result.status, result.body, result.headers);
  }

  function finishFromResult(entry: OpenEntry, result: RouteResult, status: number | null): void {
    const code = (result.body as { code?: unknown } | null)?.code;
    deps.ledger.finish(entry, {
      status,
      ...(typeof code === 'number' && result.status >= 400 && { code }),
      ...(result.reservationSid !== undefined && { reservationSid: result.reservationSid }),
      ...(result.applied !== undefined && { applied: result.applied }),
    });
  }

  function unrouted(
    read: ReadRequest,
    entry: OpenEntry,
    allowed: readonly string[] | null,
  ): RouteResult {
    const message = allowed
      ? `${read.method} is not an operation of ${read.path} in the OpenAPI document (allowed: ${allowed.join(', ')})`
      : `${read.path} is not a path of the TaskRouter v1 OpenAPI document`;
    deps.ledger.addViolation({
      at: entry.at,
      method: read.method,
      path: read.path,
      operation: null,
      location: 'route',
      field: '',
      message,
    });
    return allowed
      ? {
          status: 405,
          body: twilioError(405, TWILIO_ERRORS.methodNotAllowed, message),
          headers: { allow: allowed.join(', ') },
        }
      : { status: 404, body: twilioError(404, TWILIO_ERRORS.notFound, message) };
  }

  function validate(
    op: CompiledOperation,
    pathParams: Record<string, string>,
    read: ReadRequest,
    entry: OpenEntry,
  ): RouteResult | null {
    const issues = deps.check.validate(op, { pathParams, ...read });
    for (const issue of issues) {
      deps.ledger.addViolation({
        at: entry.at,
        method: read.method,
        path: read.path,
        operation: op.operationId,
        ...issue,
      });
    }
    const first = issues[0];
    if (!first) {
      return null;
    }
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
    const message = `Invalid parameter ${first.field || first.location}: ${first.message}${more}`;
    return { status: 400, body: twilioError(400, TWILIO_ERRORS.invalidParameter, message) };
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        const message = err instanceof Error ? err.message : String(err);
        const status = err instanceof BodyTooLargeError ? 413 : 500;
        const code = status === 413 ? TWILIO_ERRORS.invalidParameter : TWILIO_ERRORS.internalError;
        sendJson(res, status, twilioError(status, code, `simulator: ${message}`));
      }
    });
  };
}

/** The ledger keeps headers for assertions, but never credentials. */
function withoutAuthorization(headers: Readonly<Record<string, string>>): Record<string, string> {
  const copy = { ...headers };
  delete copy.authorization;
  return copy;
}

function notImplemented(op: CompiledOperation): RouteHandler {
  return ({ path }) => ({
    status: 404,
    body: twilioError(
      404,
      TWILIO_ERRORS.notFound,
      `${op.operationId} (${path}) is not implemented by the taskrouter-assigner simulator`,
    ),
  });
}
