import { createHash } from 'node:crypto';

/**
 * A SID derived from a name, the same on every run, so a rules file can name a scenario's
 * workflow (`WW…`) or workers without the scenario spelling their SIDs.
 */
export function stableSid(prefix: string, name: string): string {
  return prefix + createHash('sha256').update(`${prefix}:${name}`).digest('hex').slice(0, 32);
}
