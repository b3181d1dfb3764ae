import { ADMIN_TOKEN } from './start-service.js';

export interface AdminResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

export type AdminAuth =
  'bearer' | 'none' | { readonly bearer: string } | { readonly basic: string };

/** The Authorization header for a way of presenting (or not) the admin token. */
export function authHeader(auth: AdminAuth = 'bearer'): Record<string, string> {
  if (auth === 'none') {
    return {};
  }
  if (auth === 'bearer') {
    return { authorization: `Bearer ${ADMIN_TOKEN}` };
  }
  if ('bearer' in auth) {
    return { authorization: `Bearer ${auth.bearer}` };
  }
  return { authorization: `Basic ${Buffer.from(`ops:${auth.basic}`).toString('base64')}` };
}

/** Calls an admin route of a running service the way an operator's script would. */
export async function adminRequest(
  baseUrl: string,
  path: string,
  opts: { auth?: AdminAuth; method?: string; body?: unknown } = {},
): Promise<AdminResponse> {
  const res = await fetch(baseUrl + path, {
    method: opts.method ?? 'GET',
    headers: {
      ...authHeader(opts.auth),
      ...(opts.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}
