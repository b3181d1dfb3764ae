/**
 * Percent-encoding of a value for the part of a URL it is inserted into (RFC 3986), so a value
 * can never end its part: no `/` out of a path segment, no `&`, `=`, `+` or `#` out of a query
 * value. Characters a part allows literally are kept, for readable URLs.
 */

/** Where in a URL a placeholder lands; `opaque` when an earlier raw value hides the structure. */
export type UrlPart = 'path' | 'query' | 'fragment' | 'opaque';

// The sub-delimiters and gen-delimiters encodeURIComponent encodes that each part may keep.
const KEPT: Readonly<Record<UrlPart, RegExp | null>> = {
  path: /%(24|26|2B|2C|3B|3D|3A|40)/g, // $ & + , ; = : @ (pchar), never / ? #
  query: /%(24|2C|3B|3A|40|2F|3F)/g, // $ , ; : @ / ?, never & = + #
  fragment: /%(24|26|2B|2C|3B|3D|3A|40|2F|3F)/g, // everything but #
  opaque: null,
};

const unescape = (_: string, hex: string): string => String.fromCharCode(parseInt(hex, 16));

/**
 * `value` encoded for `part`; undefined when it cannot be: text that is not well-formed UTF-16,
 * or a whole `.`/`..` path value, which URL parsers treat as a step up however it is encoded.
 */
export function percentEncode(value: string, part: UrlPart): string | undefined {
  if (part === 'path' && (value === '.' || value === '..')) {
    return undefined;
  }
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate (possible in JSON attributes) has no UTF-8 form.
    return undefined;
  }
  const kept = KEPT[part];
  return kept === null ? encoded : encoded.replace(kept, unescape);
}
