import type { Logger } from '../shared/logger.js';
import { findSignatureNearMiss, type NearMissInput } from './find-signature-near-miss.js';

export interface NearMissReporterOptions {
  readonly log: Logger;
  readonly now: () => number;
  /** The same variant is logged again only after this long. @defaultValue 600000 */
  readonly repeatAfterMs?: number;
  /** At most this many refused requests are examined per second (each costs a few HMACs). @defaultValue 2 */
  readonly perSecond?: number;
}

/**
 * Explains refused signatures that a neighbouring URL would have accepted — the most common
 * first-day failure of a webhook — with one warning per variant, never the signature or the body.
 * Examining is rate-limited, so a flood of forged requests costs no more than a trickle.
 */
export function createNearMissReporter(
  opts: NearMissReporterOptions,
): (input: NearMissInput) => void {
  const repeatAfterMs = opts.repeatAfterMs ?? 600_000;
  const perSecond = opts.perSecond ?? 2;
  const lastLogged = new Map<string, number>();
  let second = -1;
  let examined = 0;
  return function reportNearMiss(input) {
    const now = opts.now();
    const thisSecond = Math.floor(now / 1000);
    if (thisSecond !== second) {
      second = thisSecond;
      examined = 0;
    }
    if (examined >= perSecond) {
      return;
    }
    examined += 1;
    const miss = findSignatureNearMiss(input);
    if (!miss) {
      return;
    }
    const key = `${miss.differsIn} ${miss.wouldMatch}`;
    const last = lastLogged.get(key);
    if (last !== undefined && now - last < repeatAfterMs) {
      return;
    }
    lastLogged.set(key, now);
    const fix =
      miss.differsIn === 'trailing slash'
        ? "TaskRouter calls this path with a trailing slash: remove it from the Workflow's callback URL (or run `taskrouter-assigner connect`)"
        : `set PUBLIC_BASE_URL=${miss.wouldMatch} (or point TaskRouter at ${input.publicBaseUrl}, e.g. with \`taskrouter-assigner connect\`)`;
    opts.log.warn(
      {
        differsIn: miss.differsIn,
        wouldMatch: miss.wouldMatch,
        publicBaseUrl: input.publicBaseUrl,
      },
      `signature refused, but it matches a URL that differs in ${miss.differsIn}: ${fix}`,
    );
  };
}
