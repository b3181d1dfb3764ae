import { z } from 'zod';
import { UsageError } from './usage-error.js';

/** What the `reservations` commands need from the environment, and nothing more. */
export interface CliCredentials {
  readonly accountSid: string;
  /** Empty when an API key authenticates instead. */
  readonly authToken: string;
  readonly apiKey: { readonly sid: string; readonly secret: string } | undefined;
  readonly baseUrl: string;
}

export const DEFAULT_TASKROUTER_BASE_URL = 'https://taskrouter.twilio.com';

// Formats only: presence is checked by hand below, so each missing variable gets its own advice.
// No message quotes a value: these variables hold secrets.
const schema = z.object({
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_API_KEY: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, 'must be SK followed by 32 hex digits')
    .optional(),
  TWILIO_API_SECRET: z.string().optional(),
  TASKROUTER_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
});

type Env = Readonly<Record<string, string | undefined>>;

function pick(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    // Empty means unset, as in most env files.
    const value = env[key];
    out[key] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  return out;
}

function formatProblems(env: Env): string[] {
  const parsed = schema.safeParse(pick(env));
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** `TASKROUTER_BASE_URL` (or Twilio's), without a trailing slash. Enough for `--dry-run`. */
export function readBaseUrl(env: Env): string {
  const problems = formatProblems(env).filter((p) => p.startsWith('TASKROUTER_BASE_URL'));
  if (problems.length > 0) {
    throw new UsageError(problems);
  }
  return (pick(env).TASKROUTER_BASE_URL ?? DEFAULT_TASKROUTER_BASE_URL).replace(/\/+$/, '');
}

/**
 * Reads the credentials and the base URL; throws one `UsageError` naming every
 * missing or malformed variable. `PUBLIC_BASE_URL`, Redis and the rest are not needed here.
 */
export function readCliCredentials(env: Env): CliCredentials {
  const v = pick(env);
  const problems = formatProblems(env);
  if (v.TWILIO_ACCOUNT_SID === undefined) {
    problems.push(
      'TWILIO_ACCOUNT_SID is not set: export the Account SID (AC…) of the account that owns the workspace',
    );
  }
  const hasKey = v.TWILIO_API_KEY !== undefined;
  const hasSecret = v.TWILIO_API_SECRET !== undefined;
  if (hasKey !== hasSecret) {
    const [set, unset] = hasKey
      ? ['TWILIO_API_KEY', 'TWILIO_API_SECRET']
      : ['TWILIO_API_SECRET', 'TWILIO_API_KEY'];
    problems.push(`${unset} is not set but ${set} is: set both for API key auth, or neither`);
  } else if (!hasKey && v.TWILIO_AUTH_TOKEN === undefined) {
    problems.push(
      'TWILIO_AUTH_TOKEN is not set: export the account auth token, or TWILIO_API_KEY and TWILIO_API_SECRET for an API key',
    );
  }
  if (problems.length > 0) {
    throw new UsageError(problems);
  }
  return {
    accountSid: v.TWILIO_ACCOUNT_SID ?? '',
    authToken: v.TWILIO_AUTH_TOKEN ?? '',
    apiKey:
      v.TWILIO_API_KEY !== undefined && v.TWILIO_API_SECRET !== undefined
        ? { sid: v.TWILIO_API_KEY, secret: v.TWILIO_API_SECRET }
        : undefined,
    baseUrl: readBaseUrl(env),
  };
}
