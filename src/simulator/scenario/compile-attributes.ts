/** Draws attribute values for one task. */
export type AttributeGenerator = (random: () => number) => unknown;

/** A problem at a path inside the scenario. */
export interface ScenarioIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const GENERATORS = ['$pick', '$weights', '$random', '$sid'];

/**
 * Compiles an attribute template into a generator. Plain values are copied; objects with `$` keys
 * are generators:
 * - `{ $pick: [a, b, c], $weights: [3, 1, 1] }` — one item (weights optional, relative);
 * - `{ $random: { min: 1, max: 5, integer: true } }` — a uniform number;
 * - `{ $sid: CA }` — a fresh SID with that prefix (e.g. a `call_sid`).
 * Items of `$pick` may be templates themselves.
 */
export function compileAttributes(
  template: unknown,
  path: readonly (string | number)[],
  issues: ScenarioIssue[],
): AttributeGenerator {
  if (Array.isArray(template)) {
    const items = template.map((t, i) => compileAttributes(t, [...path, i], issues));
    return (random) => items.map((g) => g(random));
  }
  if (typeof template !== 'object' || template === null) {
    return () => template;
  }
  const obj = template as Record<string, unknown>;
  const keys = Object.keys(obj);
  const special = keys.filter((k) => k.startsWith('$'));
  if (special.length === 0) {
    const fields = keys.map((k) => [k, compileAttributes(obj[k], [...path, k], issues)] as const);
    return (random) => Object.fromEntries(fields.map(([k, g]) => [k, g(random)]));
  }
  const unknown = special.find((k) => !GENERATORS.includes(k));
  if (unknown !== undefined || special.length !== keys.length) {
    const what =
      unknown === undefined ? 'a generator mixed with plain keys' : `unknown generator ${unknown}`;
    issues.push({
      path,
      message: `${what}; use { $pick, $weights? }, { $random } or { $sid } alone`,
    });
    return () => null;
  }
  if ('$pick' in obj) {
    return compilePick(obj, path, issues);
  }
  if ('$random' in obj) {
    return compileRandom(obj.$random, [...path, '$random'], issues);
  }
  const prefix = obj.$sid;
  if (typeof prefix !== 'string' || !/^[A-Z]{2}$/.test(prefix)) {
    issues.push({ path: [...path, '$sid'], message: 'must be a two-letter SID prefix such as CA' });
    return () => null;
  }
  return (random) =>
    prefix + Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
}

function compilePick(
  obj: Record<string, unknown>,
  path: readonly (string | number)[],
  issues: ScenarioIssue[],
): AttributeGenerator {
  const items = obj.$pick;
  if (!Array.isArray(items) || items.length === 0) {
    issues.push({ path: [...path, '$pick'], message: 'must be a non-empty list' });
    return () => null;
  }
  const weights = obj.$weights ?? items.map(() => 1);
  const valid =
    Array.isArray(weights) &&
    weights.length === items.length &&
    weights.every((w) => typeof w === 'number' && w >= 0) &&
    (weights as number[]).some((w) => w > 0);
  if (!valid) {
    issues.push({
      path: [...path, '$weights'],
      message: `must be ${items.length} non-negative numbers, not all 0`,
    });
    return () => null;
  }
  const gens = items.map((t, i) => compileAttributes(t, [...path, '$pick', i], issues));
  const total = (weights as number[]).reduce((a, b) => a + b, 0);
  return (random) => {
    let x = random() * total;
    for (let i = 0; i < gens.length; i += 1) {
      x -= (weights as number[])[i] ?? 0;
      if (x < 0) {
        return gens[i]?.(random);
      }
    }
    return gens.at(-1)?.(random);
  };
}

function compileRandom(
  spec: unknown,
  path: readonly (string | number)[],
  issues: ScenarioIssue[],
): AttributeGenerator {
  const s = spec as { min?: unknown; max?: unknown; integer?: unknown } | null;
  if (typeof s?.min !== 'number' || typeof s.max !== 'number' || s.min > s.max) {
    issues.push({
      path,
      message: 'must be { min: number, max: number, integer?: boolean } with min <= max',
    });
    return () => null;
  }
  const { min, max } = s;
  return s.integer === true
    ? (random) => Math.floor(min + random() * (Math.floor(max) - min + 1))
    : (random) => min + random() * (max - min);
}
