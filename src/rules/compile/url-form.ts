/**
 * Where each placeholder of a URL template lands, decided once at load from the template's
 * literal text: the scheme and host must be literal unless a placeholder is `{{raw …}}`.
 */
import type { Template } from '../expression/template.js';
import type { UrlPart } from './percent-encode.js';

/** An absolute http(s) URL: what TaskRouter and Twilio call back. */
export const HTTP_URL =
  /^https?:\/\/(?:[^\s/?#@]*@)?(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:[/?#][^\s\p{Cc}]*)?$/iu;

/** The text a URL template must start with, up to and including the end of its authority. */
const ORIGIN = /^https?:\/\/[^/?#]*[/?#]/i;
const SCHEME_AND_AUTHORITY = /^https?:\/\/[^/?#]*/i;
const SCHEME = /^https?:\/\//i;

/** The part each placeholder lands in (by index in `template.parts`), or why the template is refused. */
export type UrlPlan =
  | { readonly ok: true; readonly parts: ReadonlyMap<number, UrlPart>; readonly raw: boolean }
  | { readonly ok: false; readonly message: string; readonly hint: string };

function partAfterOrigin(literal: string): UrlPart {
  // The character that ended the authority stays: `https://h.example?k=` is in the query.
  const rest = literal.replace(SCHEME_AND_AUTHORITY, '');
  if (rest.includes('#')) {
    return 'fragment';
  }
  return rest.includes('?') ? 'query' : 'path';
}

/** Plans how `template` (a URL param's value) is rendered. */
export function planUrl(template: Template): UrlPlan {
  const first = template.parts[0];
  if (typeof first === 'string' && !SCHEME.test(first)) {
    return {
      ok: false,
      message: 'expected an absolute URL starting with https:// or http://',
      hint: 'TaskRouter and Twilio call absolute URLs only',
    };
  }
  const parts = new Map<number, UrlPart>();
  let literal = '';
  let opaque = false;
  for (const [index, part] of template.parts.entries()) {
    if (typeof part === 'string') {
      literal += part;
      continue;
    }
    if (opaque) {
      parts.set(index, 'opaque');
    } else if (ORIGIN.test(literal)) {
      parts.set(index, partAfterOrigin(literal));
    } else if (!part.raw) {
      return {
        ok: false,
        message: `{{${part.path}}} is in the scheme or host of the URL: a template cannot choose where the request goes`,
        hint: `write the scheme and host literally (https://host.example.com/…?x={{${part.path}}}), or {{raw ${part.path}}} if that attribute is yours to trust`,
      };
    }
    // A raw value may hold / ? # itself: what follows it is encoded as strictly as anything.
    opaque ||= part.raw;
  }
  return { ok: true, parts, raw: opaque };
}
