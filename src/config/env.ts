import { z } from 'zod';
import { AppError } from '../shared/errors.js';

/** Local-mode credentials: the built-in simulator accepts exactly these. Never valid at Twilio. */
export const LOCAL_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const LOCAL_AUTH_TOKEN = 'local-simulator-auth-token';

/** The most shards a layout may have: each is a queue every worker polls. */
export const MAX_SHARDS = 64;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const int = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const url = (protocols: readonly string[]) =>
  z.url().refine((u) => protocols.some((p) => u.startsWith(`${p}://`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

const schema = z.object({
  PORT: int(3000, 0, 65535),
  PUBLIC_BASE_URL: url(['https', 'http']).optional(),
  TWILIO_ACCOUNT_SID: z
    .string({ error: 'is required (the Account SID, AC…, from the Twilio Console)' })
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string({ error: 'is required (it signs every callback)' }).min(1),
  TWILIO_API_KEY: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, 'must be SK followed by 32 hex digits')
    .optional(),
  TWILIO_API_SECRET: z.string().min(1).optional(),
  TASKROUTER_BASE_URL: url(['https', 'http']).default('https://taskrouter.twilio.com'),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'letters, digits, _ . - only (it becomes a {hash tag})')
    .default('tra'),
  RULES_PATH: z.string().min(1).default('config/rules.yaml'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ADMIN_DASHBOARD_WRITE: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  WORKER_CONCURRENCY: int(50, 1, 1000),
  QUEUE_SHARDS: int(1, 1, MAX_SHARDS),
  WORKER_SHARDS: z.string().optional(),
  QUEUE_SHARDS_DRAINING: z.string().optional(),
  DEADLINE_MARGIN_MS: int(1000, 0, 60_000),
  HTTP_TIMEOUT_MS: int(5000, 100, 60_000),
  RETRY_BASE_MS: int(200, 10, 60_000),
  RETRY_MAX_MS: int(5000, 10, 600_000),
  SHUTDOWN_GRACE_MS: int(8000, 0, 25_000),
  WORKFLOW_CACHE_TTL_S: int(600, 1, 86_400),
  TRUST_PROXY: z.string().default('false'),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  REDIS_TLS_REJECT_UNAUTHORIZED: z.enum(['true', 'false']).default('true'),
  REDIS_CLUSTER: z.enum(['true', 'false']).default('false'),
  MAX_REFUSALS_PER_MINUTE: int(120, 1, 1_000_000),
  // Server timeouts for life behind a load balancer (docs/deployment.md): the server must not
  // close an idle keep-alive connection before the client or LB in front would (LBs idle 60 s).
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(65_000, 1, 3_600_000),
  HTTP_HEADERS_TIMEOUT_MS: int(5_000, 1, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: int(10_000, 1, 600_000),
  HTTP_MAX_CONNECTIONS: int(4096, 1, 1_000_000),
  // Node's listen backlog is 511: a burst of new connections past it has its SYNs dropped and
  // retried 1 s, 3 s, 7 s later, enough to miss TaskRouter's 5 s (issue 14). The kernel caps it
  // at net.core.somaxconn (4096 on Linux since 5.4).
  HTTP_LISTEN_BACKLOG: int(4096, 1, 65_535),
  // How long the web process gathers records written behind answers into one round trip; 0 = none.
  RECORD_GATHER_MS: int(10, 0, 100),
  // TaskRouter abandons an Assignment Callback answer after 5 s; network and TLS need their share.
  CALLBACK_BUDGET_MS: z.coerce
    .number()
    .int()
    .min(50, 'must be at least 50 (milliseconds)')
    .max(
      4500,
      'must be at most 4500: TaskRouter gives up on an answer after 5 s, and the network needs its share',
    )
    .default(2000),
  // Hardening (docs/deployment.md): token rotation, sealing keys, replay window.
  TWILIO_AUTH_TOKEN_SECONDARY: z.string().optional(),
  SEALING_KEYS: z.string().optional(),
  CALLBACK_MAX_AGE_S: int(300, 0, 86_400),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  readonly port: number;
  /** The exact URL prefix TaskRouter calls; signatures are checked against it. No trailing slash. */
  readonly publicBaseUrl: string;
  readonly twilio: {
    readonly accountSid: string;
    readonly authToken: string;
    readonly apiKey: { readonly sid: string; readonly secret: string } | undefined;
    readonly taskrouterBaseUrl: string;
  };
  readonly redis: {
    readonly url: string;
    readonly prefix: string;
    /** False only for hosted Redis with self-signed certificates (e.g. Heroku's). */
    readonly tlsRejectUnauthorized: boolean;
    /** REDIS_URL names one node of a Redis Cluster. */
    readonly cluster: boolean;
  };
  /** Worker process: serve /metrics and /healthz on this port (the web process uses PORT). */
  readonly metricsPort: number | undefined;
  readonly rulesPath: string;
  readonly admin: { readonly token: string | undefined; readonly dashboardWrite: boolean };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly worker: {
    readonly concurrency: number;
    readonly httpTimeoutMs: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
  };
  readonly shards: {
    /** `QUEUE_SHARDS`: how many shards the queue and the records are split into. */
    readonly count: number;
    /** `WORKER_SHARDS`: the shards this process's worker takes jobs from (default: all). */
    readonly served: readonly number[];
    /** `QUEUE_SHARDS_DRAINING`: shard counts of other layouts still draining; their work does not stop the start. */
    readonly draining: readonly number[];
  };
  readonly deadlineMarginMs: number;
  /** The most time a TaskRouter route takes to answer, whatever Redis or the REST API do. */
  readonly callbackBudgetMs: number;
  /** `RECORD_GATHER_MS`: records written behind answers, gathered this long, share one round trip. */
  readonly recordGatherMs: number;
  readonly shutdownGraceMs: number;
  readonly workflowCacheTtlSeconds: number;
  /** Express `trust proxy`: false, true, a hop count, or addresses/subnets. */
  readonly trustProxy: boolean | number | string;
  readonly maxRefusalsPerMinute: number;
  /** The web (and metrics) server's connection limits, applied where it listens. */
  readonly http: HttpServerLimits;
  /** True when no Twilio credentials were given and the built-in simulator stands in. */
  readonly local: boolean;
  /** The address the web port binds: loopback in local mode, every interface otherwise. */
  readonly listenHost: string | undefined;
  /** `TWILIO_AUTH_TOKEN_SECONDARY`: signatures made with it are accepted too. */
  readonly secondaryAuthToken: string | undefined;
  /** Secrets the sealing keys derive from: the first seals, any opens (`SEALING_KEYS`). */
  readonly sealingSecrets: readonly string[];
  /** SEALING_KEYS was unset, so the key derives from the auth token (deprecated; warned at start). */
  readonly sealingFromAuthToken: boolean;
  /** `CALLBACK_MAX_AGE_S`: a callback's Timestamp may be this far from now; 0 = unchecked. */
  readonly callbackMaxAgeSeconds: number;
}

export interface HttpServerLimits {
  /** An idle keep-alive connection is closed after this; above any client's or LB's idle timeout. */
  readonly keepAliveTimeoutMs: number;
  /** From a request's first byte to its last header (Node ≥ 18 never applies it to idle connections). */
  readonly headersTimeoutMs: number;
  /** From a request's first byte to its last body byte: a slow body is cut (408) after this. */
  readonly requestTimeoutMs: number;
  /** Connections beyond this are closed on arrival, so a flood cannot exhaust file descriptors. */
  readonly maxConnections: number;
  /** New connections the kernel completes and queues while the process is busy (≤ somaxconn). */
  readonly listenBacklog: number;
}

/**
 * Reads the environment once, validates it and returns a frozen Config. Every problem is
 * reported at once, each with the variable it concerns.
 *
 * @param env - the environment; only entry files pass `process.env`.
 * @param opts.allowLocal - with no Twilio credentials, run against the built-in simulator.
 * @example
 * const config = loadConfig(process.env, { allowLocal: true });
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  opts: { allowLocal?: boolean } = {},
): Config {
  const blank = (k: string) => env[k] === undefined || env[k] === '';
  const local =
    opts.allowLocal === true && blank('TWILIO_ACCOUNT_SID') && blank('TWILIO_AUTH_TOKEN');
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    // Empty strings mean "unset", as in most process managers' env files.
    input[key] = blank(key) ? undefined : env[key];
  }
  if (local) {
    input.TWILIO_ACCOUNT_SID = LOCAL_ACCOUNT_SID;
    input.TWILIO_AUTH_TOKEN = LOCAL_AUTH_TOKEN;
  }
  const parsed = schema.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  if (blank('TWILIO_API_KEY') !== blank('TWILIO_API_SECRET')) {
    problems.push('TWILIO_API_KEY: set both TWILIO_API_KEY and TWILIO_API_SECRET, or neither');
  }
  if (parsed.success && parsed.data.HTTP_HEADERS_TIMEOUT_MS > parsed.data.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(
      'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (the request timeout covers the headers too); lower it or raise HTTP_REQUEST_TIMEOUT_MS',
    );
  }
  if (!local && blank('PUBLIC_BASE_URL')) {
    problems.push(
      'PUBLIC_BASE_URL: is required: set it to the URL prefix configured in TaskRouter, e.g. https://assigner.example.com',
    );
  }
  problems.push(...secretProblems(env), ...(local ? localModeProblems(env) : []));
  const sealing = readSealingKeys(env, local);
  problems.push(...sealing.problems);
  if (!local && blank('TWILIO_ACCOUNT_SID') && blank('TWILIO_AUTH_TOKEN')) {
    problems.push(
      '(no Twilio credentials: to try the service locally against the built-in simulator, run `npm start` from a checkout)',
    );
  }
  const shards = readShards(env, parsed.success ? parsed.data.QUEUE_SHARDS : 1);
  problems.push(...shards.problems);
  if (!parsed.success || problems.length > 0) {
    throw new AppError('ERR_CONFIG_INVALID', `\n  - ${problems.join('\n  - ')}`);
  }
  const v = parsed.data;
  const base = v.PUBLIC_BASE_URL ?? `http://127.0.0.1:${v.PORT}`;
  return deepFreeze({
    port: v.PORT,
    publicBaseUrl: base.replace(/\/+$/, ''),
    twilio: {
      accountSid: v.TWILIO_ACCOUNT_SID,
      authToken: v.TWILIO_AUTH_TOKEN,
      apiKey:
        v.TWILIO_API_KEY && v.TWILIO_API_SECRET
          ? { sid: v.TWILIO_API_KEY, secret: v.TWILIO_API_SECRET }
          : undefined,
      taskrouterBaseUrl: v.TASKROUTER_BASE_URL.replace(/\/+$/, ''),
    },
    redis: {
      url: v.REDIS_URL,
      prefix: v.REDIS_PREFIX,
      tlsRejectUnauthorized: v.REDIS_TLS_REJECT_UNAUTHORIZED === 'true',
      cluster: v.REDIS_CLUSTER === 'true',
    },
    metricsPort: v.METRICS_PORT,
    rulesPath: v.RULES_PATH,
    admin: { token: v.ADMIN_TOKEN, dashboardWrite: v.ADMIN_DASHBOARD_WRITE === 'true' },
    logLevel: v.LOG_LEVEL,
    worker: {
      concurrency: v.WORKER_CONCURRENCY,
      httpTimeoutMs: v.HTTP_TIMEOUT_MS,
      retryBaseMs: v.RETRY_BASE_MS,
      retryMaxMs: v.RETRY_MAX_MS,
    },
    shards: { count: v.QUEUE_SHARDS, served: shards.served, draining: shards.draining },
    deadlineMarginMs: v.DEADLINE_MARGIN_MS,
    callbackBudgetMs: v.CALLBACK_BUDGET_MS,
    recordGatherMs: v.RECORD_GATHER_MS,
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
    workflowCacheTtlSeconds: v.WORKFLOW_CACHE_TTL_S,
    trustProxy: parseTrustProxy(v.TRUST_PROXY),
    maxRefusalsPerMinute: v.MAX_REFUSALS_PER_MINUTE,
    http: {
      keepAliveTimeoutMs: v.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      headersTimeoutMs: v.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: v.HTTP_REQUEST_TIMEOUT_MS,
      maxConnections: v.HTTP_MAX_CONNECTIONS,
      listenBacklog: v.HTTP_LISTEN_BACKLOG,
    },
    local,
    listenHost: local ? '127.0.0.1' : undefined,
    secondaryAuthToken: v.TWILIO_AUTH_TOKEN_SECONDARY,
    sealingSecrets: sealing.secrets(v.TWILIO_AUTH_TOKEN, v.TWILIO_AUTH_TOKEN_SECONDARY),
    sealingFromAuthToken: sealing.fromAuthToken,
    // The simulator's clock may run fast (rehearse), so local mode does not check freshness.
    callbackMaxAgeSeconds: local ? 0 : v.CALLBACK_MAX_AGE_S,
  });
}

const SECRET_VARS = [
  'TWILIO_AUTH_TOKEN',
  'TWILIO_AUTH_TOKEN_SECONDARY',
  'TWILIO_API_SECRET',
  'ADMIN_TOKEN',
] as const;

/** Whitespace in a secret is a copy-paste slip: refuse it rather than run with a weaker secret. */
function secretProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  for (const name of SECRET_VARS) {
    const value = env[name];
    if (value === undefined || value === '') {
      continue;
    }
    if (value.trim() === '') {
      problems.push(
        `${name}: is only whitespace; set the real value, or leave it empty to unset it`,
      );
    } else if (value.trim() !== value) {
      problems.push(`${name}: has leading or trailing whitespace; remove it`);
    } else if (name === 'ADMIN_TOKEN' && /\s/.test(value)) {
      problems.push('ADMIN_TOKEN: must not contain whitespace (it is sent as one Bearer word)');
    }
  }
  return problems;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Local mode runs the simulator with a public token, so it must never start where a deployment
 * would: with NODE_ENV=production, or against a Redis on another machine.
 */
export function localModeProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  const fix =
    'set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL and SEALING_KEYS to run the real service';
  if (env.NODE_ENV === 'production') {
    problems.push(
      `NODE_ENV: local mode (the built-in simulator) never runs with NODE_ENV=production; ${fix}`,
    );
  }
  const redisUrl = env.REDIS_URL;
  if (redisUrl) {
    let host: string | undefined;
    try {
      host = new URL(redisUrl).hostname;
    } catch {
      host = undefined;
    }
    if (host === undefined || !(LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host))) {
      problems.push(
        `REDIS_URL: local mode only uses a Redis on this machine (127.0.0.1 or localhost); ${fix}`,
      );
    }
  }
  return problems;
}

/** The entry of SEALING_KEYS that stands for the key earlier versions derived from the auth token(s). */
export const LEGACY_SEALING_KEY = 'legacy-auth-token';
const KEY_HINT =
  "generate one with `node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"`";

/**
 * SEALING_KEYS: comma-separated secrets of 32+ characters; the first seals, any opens. The entry
 * `legacy-auth-token` opens what was sealed with the key derived from TWILIO_AUTH_TOKEN (and the
 * secondary token) before sealing keys existed. Unset: required with NODE_ENV=production;
 * elsewhere the key still derives from the auth token, with a warning.
 */
function readSealingKeys(env: Readonly<Record<string, string | undefined>>, local: boolean) {
  const entries = (env.SEALING_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const problems: string[] = [];
  if (entries.length === 0 && !local && env.NODE_ENV === 'production') {
    problems.push(
      `SEALING_KEYS: is required in production (it seals contact data in jobs); ${KEY_HINT}`,
    );
  }
  if (entries[0] === LEGACY_SEALING_KEY) {
    problems.push(
      `SEALING_KEYS: the first key seals, so it must be a key of its own, not ${LEGACY_SEALING_KEY}; ${KEY_HINT}`,
    );
  }
  entries.forEach((key, i) => {
    if (key !== LEGACY_SEALING_KEY && (key.length < 32 || /\s/.test(key))) {
      problems.push(
        `SEALING_KEYS: key ${i + 1} must be at least 32 characters without spaces; ${KEY_HINT}`,
      );
    }
  });
  const fromAuthToken = entries.length === 0;
  return {
    problems,
    fromAuthToken,
    secrets(primary: string, secondary: string | undefined): string[] {
      const tokens = [primary, ...(secondary ? [secondary] : [])];
      return fromAuthToken
        ? tokens
        : entries.flatMap((k) => (k === LEGACY_SEALING_KEY ? tokens : [k]));
    },
  };
}

/**
 * WORKER_SHARDS (shards this worker serves, each below QUEUE_SHARDS) and QUEUE_SHARDS_DRAINING
 * (other layouts' shard counts): comma-separated whole numbers.
 */
function readShards(env: Readonly<Record<string, string | undefined>>, count: number) {
  const problems: string[] = [];
  const list = (name: string, ok: (n: number) => boolean, hint: string): number[] | undefined => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') {
      return undefined;
    }
    const items = raw.split(',').map((x) => x.trim());
    const numbers = items.map((x) => (/^\d+$/.test(x) ? Number(x) : NaN));
    if (numbers.some((n) => !ok(n))) {
      problems.push(`${name}: ${hint}; got ${JSON.stringify(raw)}`);
      return undefined;
    }
    return [...new Set(numbers)].sort((a, b) => a - b);
  };
  const served =
    list(
      'WORKER_SHARDS',
      (n) => n < count,
      `comma-separated shard numbers from 0 to ${count - 1} (QUEUE_SHARDS is ${count})`,
    ) ?? Array.from({ length: count }, (_, i) => i);
  const draining =
    list(
      'QUEUE_SHARDS_DRAINING',
      (n) => n >= 1 && n <= MAX_SHARDS && n !== count,
      `comma-separated shard counts of the layouts still draining (1 to ${MAX_SHARDS}, not QUEUE_SHARDS itself)`,
    ) ?? [];
  return { problems, served, draining };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return /^\d+$/.test(value) ? Number(value) : value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
    Object.freeze(value);
  }
  return value;
}
