/** What a route handler gets: the request, already matched to its operation and validated. */
export interface RouteRequest {
  readonly operationId: string;
  /** The request path, without the query string. */
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly form: Readonly<Record<string, readonly string[]>>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What it answers; the server serialises `body` as JSON. */
export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly reservationSid?: string;
  /** For updates: the update took effect. */
  readonly applied?: boolean;
}

export type RouteHandler = (req: RouteRequest) => RouteResult;
