import type { FieldMap, LedgerEntry, Violation } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A ledger entry still being written by the request that opened it. */
export type OpenEntry = Mutable<LedgerEntry>;

/** Every request received, in arrival order, and every conformance violation. */
export interface Ledger {
  readonly entries: readonly LedgerEntry[];
  readonly violations: readonly Violation[];
  /** Appends an entry at arrival; the request fills in status and the rest as it goes. */
  open(entry: LedgerEntry): OpenEntry;
  /** Fills in what the request learnt (status, fault, …) and wakes waiters. */
  finish(entry: OpenEntry, patch: Partial<LedgerEntry>): void;
  addViolation(v: Violation): void;
  clear(): void;
}

/**
 * @param onChange - called after every append, so waiters (`sim.waitFor`) re-check their condition.
 */
export function createLedger(onChange: () => void): Ledger {
  const entries: OpenEntry[] = [];
  const violations: Violation[] = [];
  return {
    entries,
    violations,
    open(entry) {
      const open: OpenEntry = { ...entry };
      entries.push(open);
      onChange();
      return open;
    },
    finish(entry, patch) {
      Object.assign(entry, patch);
      onChange();
    },
    addViolation(v) {
      violations.push(v);
      onChange();
    },
    clear() {
      entries.length = 0;
      violations.length = 0;
    },
  };
}

/** Fields as the ledger shows them: a repeated key as an array, a single one as a string. */
export function toFieldMap(fields: Readonly<Record<string, readonly string[]>>): FieldMap {
  const out: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v.length === 1 ? (v[0] ?? '') : v;
  }
  return out;
}
