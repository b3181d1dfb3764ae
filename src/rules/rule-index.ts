/**
 * Makes `decide` sub-linear for large rule sets without changing first-match semantics.
 *
 * The path that pins the most rules to literal values (see discriminator.ts; typically
 * `task.type`) becomes the index key. At decision time that path is read once; only the rules
 * pinned to the value found, plus the rules not pinned at all, are tried, merged back into file
 * order. A skipped rule is one whose `when` requires a different value, so it could not have
 * matched: the first match is the same rule the plain linear scan would find.
 */
import type { CompiledCondition } from './expression/compiled-condition.js';
import type { Discriminator, KeyValue } from './compile/discriminator.js';
import type { ValueReader } from './expression/read-path.js';
import type { RuleRuntime } from './rule-runtime.js';

/** Rules grouped by the value of one path. */
export interface RuleIndex {
  /** The key path, e.g. `task.type`. */
  readonly path: string;
  readonly read: ValueReader;
  /** Rules pinned to each value, in file order. */
  readonly buckets: ReadonlyMap<KeyValue, readonly RuleRuntime[]>;
  /** Rules that may match whatever the value, in file order. */
  readonly unkeyed: readonly RuleRuntime[];
}

/** An index only pays for itself when it lets `decide` skip rules. */
const MIN_KEYED_RULES = 2;

/** The discriminators of a rule: its `when` itself, or the conjuncts of a top-level AND. */
function discriminatorsOf(condition: CompiledCondition | null): Discriminator[] {
  const conjuncts =
    condition === null ? [] : condition.kind === 'all' ? condition.children : [condition];
  return conjuncts.flatMap((node) =>
    node.kind === 'compare' && node.discriminator !== undefined ? [node.discriminator] : [],
  );
}

/**
 * The path worth indexing: the one that lets the most rules be skipped, estimated as the rules it
 * pins times the share of them a lookup leaves out (1 − 1/distinct values). A path every rule
 * pins to the same value skips nothing for facts that have that value, so it scores 0.
 */
function bestPath(rules: readonly RuleRuntime[]): { path: string; count: number } {
  const stats = new Map<string, { count: number; values: Set<KeyValue> }>();
  for (const rule of rules) {
    const seen = new Set<string>();
    for (const { path, values } of discriminatorsOf(rule.condition)) {
      const entry = stats.get(path) ?? { count: 0, values: new Set<KeyValue>() };
      entry.count += seen.has(path) ? 0 : 1;
      values.forEach((value) => entry.values.add(value));
      stats.set(path, entry);
      seen.add(path);
    }
  }
  let best = { path: '', count: 0, score: 0 };
  for (const [path, { count, values }] of stats) {
    const score = count * (1 - 1 / values.size);
    best = score > best.score ? { path, count, score } : best;
  }
  return best;
}

/** Builds the index, or undefined when too few rules are keyable for it to help. */
export function buildRuleIndex(rules: readonly RuleRuntime[]): RuleIndex | undefined {
  const { path, count } = bestPath(rules);
  if (count < MIN_KEYED_RULES) {
    return undefined;
  }
  const buckets = new Map<KeyValue, RuleRuntime[]>();
  const unkeyed: RuleRuntime[] = [];
  let read: ValueReader | undefined;
  for (const rule of rules) {
    if (rule.disabled) {
      continue;
    }
    const pinned = discriminatorsOf(rule.condition).find((found) => found.path === path);
    if (pinned === undefined) {
      unkeyed.push(rule);
      continue;
    }
    read ??= pinned.read;
    for (const value of new Set(pinned.values)) {
      const bucket = buckets.get(value) ?? [];
      bucket.push(rule);
      buckets.set(value, bucket);
    }
  }
  return { path, read: read ?? (() => null), buckets, unkeyed };
}
