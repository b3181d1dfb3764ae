import { validateRequest } from './twilio-webhooks.js';

/** A URL that the signature of a refused request does match, and what to change so it is used. */
export interface SignatureNearMiss {
  /** Which part differs from what the service checked against. */
  readonly differsIn: 'scheme' | 'host' | 'port' | 'trailing slash';
  /** The `PUBLIC_BASE_URL` that would have matched (for a trailing slash: the URL TaskRouter calls). */
  readonly wouldMatch: string;
}

export interface NearMissInput {
  readonly authTokens: readonly string[];
  readonly signature: string;
  /** `PUBLIC_BASE_URL` as configured (no trailing slash). */
  readonly publicBaseUrl: string;
  /** The request's path and query, as signed. */
  readonly originalUrl: string;
  readonly params: Record<string, string>;
  /** The request's Host and X-Forwarded-Host headers: the host the caller may have used. */
  readonly hosts: readonly (string | undefined)[];
}

/**
 * Tries the URLs a first-day misconfiguration produces — the other scheme, the host the request
 * came in on, the port added or dropped, a trailing slash — and names the first one the
 * signature matches. A forger cannot make any of them match without the auth token, so a hit is
 * always a real TaskRouter callback signed for a URL the service was not told about.
 */
export function findSignatureNearMiss(input: NearMissInput): SignatureNearMiss | undefined {
  let base: URL;
  try {
    base = new URL(input.publicBaseUrl);
  } catch {
    return undefined;
  }
  const path = base.pathname.replace(/\/+$/, '');
  const candidates: SignatureNearMiss[] = [];
  const add = (differsIn: SignatureNearMiss['differsIn'], protocol: string, host: string) => {
    candidates.push({ differsIn, wouldMatch: `${protocol}//${host}${path}` });
  };
  const otherScheme = base.protocol === 'https:' ? 'http:' : 'https:';
  add('scheme', otherScheme, base.host);
  if (base.port) {
    add('port', base.protocol, base.hostname);
  } else {
    add('port', base.protocol, `${base.hostname}:${base.protocol === 'https:' ? 443 : 80}`);
  }
  for (const raw of input.hosts) {
    const host = raw?.split(',')[0]?.trim().toLowerCase();
    if (host && /^[a-z0-9.\-[\]:]+$/.test(host) && host !== base.host) {
      add('host', base.protocol, host);
      add('host', otherScheme, host);
    }
  }
  const seen = new Set([input.publicBaseUrl]);
  const signedBy = (url: string) =>
    input.authTokens.some((token) => validateRequest(token, input.signature, url, input.params));
  for (const candidate of candidates) {
    if (seen.has(candidate.wouldMatch)) {
      continue;
    }
    seen.add(candidate.wouldMatch);
    if (signedBy(candidate.wouldMatch + input.originalUrl)) {
      return candidate;
    }
  }
  const [pathname, query] = splitQuery(input.originalUrl);
  const slashed = `${input.publicBaseUrl}${pathname}/${query}`;
  if (signedBy(slashed)) {
    return { differsIn: 'trailing slash', wouldMatch: slashed };
  }
  return undefined;
}

function splitQuery(originalUrl: string): [string, string] {
  const at = originalUrl.indexOf('?');
  return at === -1 ? [originalUrl, ''] : [originalUrl.slice(0, at), originalUrl.slice(at)];
}
