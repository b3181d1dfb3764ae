import { TARGET_LABELS, type SeriesInfo } from './metric-catalog.js';

/**
 * A small reader of the PromQL used in the alert rules and the dashboard: enough to find every
 * series selected, its label matchers and the grouping labels. Not a full parser: it refuses
 * what it does not understand (a selector without a metric name, unbalanced brackets) rather
 * than pass it.
 */

export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export interface Selector {
  readonly metric: string;
  readonly matchers: readonly Matcher[];
}

export interface ParsedExpr {
  readonly selectors: readonly Selector[];
  /** Labels in `by (…)`, `without (…)`, `on (…)`, `ignoring (…)`, `group_left/right (…)`. */
  readonly groupingLabels: readonly string[];
  readonly functions: readonly string[];
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const MATCHER = /^\s*([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export function parsePromQL(expr: string): ParsedExpr {
  checkBalanced(expr);
  const selectors: Selector[] = [];
  // 1. Selectors with braces: take their matchers out, leave the name.
  let rest = expr.replace(
    /([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g,
    (_all, name: string | undefined, body: string) => {
      if (!name) {
        throw new Error(`a selector without a metric name is not supported here: {${body}}`);
      }
      selectors.push({ metric: name, matchers: parseMatchers(body) });
      return ` ${name} `;
    },
  );
  // 2. Grouping clauses, ranges, offsets and string literals.
  const groupingLabels: string[] = [];
  rest = rest.replace(GROUPING, (_all, _kw: string, labels: string) => {
    groupingLabels.push(
      ...labels
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    return ' ';
  });
  rest = rest
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+\S+/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ');
  // 3. Identifiers left: function calls (followed by "("), keywords, or bare metric names.
  const functions: string[] = [];
  const alreadySelected = new Set(selectors.map((s) => s.metric));
  for (const m of rest.matchAll(/(?<![\w.$])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    const [, ident, call] = m;
    if (call) {
      functions.push(ident!);
    } else if (!KEYWORDS.has(ident!.toLowerCase())) {
      if (alreadySelected.has(ident!)) {
        alreadySelected.delete(ident!); // the name left behind by step 1
      } else {
        selectors.push({ metric: ident!, matchers: [] });
      }
    }
  }
  return { selectors, groupingLabels, functions };
}

function parseMatchers(body: string): Matcher[] {
  const parts = body.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? [];
  return parts.map((part) => {
    const m = MATCHER.exec(part);
    if (!m) {
      throw new Error(`cannot read the label matcher ${part.trim()}`);
    }
    return { label: m[1]!, op: m[2] as Matcher['op'], value: m[3]! };
  });
}

function checkBalanced(expr: string): void {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (inString) {
      if (c === '\\') {
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
    } else if ('([{'.includes(c)) {
      stack.push(c);
    } else if (c in pairs && stack.pop() !== pairs[c]) {
      throw new Error(`unbalanced ${c} at offset ${i}`);
    }
  }
  if (inString || stack.length > 0) {
    throw new Error(`unclosed ${inString ? '"' : stack.join('')}`);
  }
}

/**
 * Every problem with an expression against the metric catalog: unknown series, labels a series
 * does not carry, label values the service never sets, grouping by labels no selected series
 * has, and `histogram_quantile` not over buckets grouped by `le`. Empty when all is well.
 */
export function problemsWith(expr: string, catalog: ReadonlyMap<string, SeriesInfo>): string[] {
  let parsed: ParsedExpr;
  try {
    parsed = parsePromQL(expr);
  } catch (err) {
    return [`cannot read ${JSON.stringify(expr)}: ${(err as Error).message}`];
  }
  const problems: string[] = [];
  const available = new Set(TARGET_LABELS);
  for (const { metric, matchers } of parsed.selectors) {
    const info = catalog.get(metric);
    if (!info) {
      problems.push(
        `${metric}: no such metric in src/shared/create-metrics.ts, BullMQ's exporter or prom-client's defaults`,
      );
      continue;
    }
    info.labels.forEach((l) => available.add(l));
    for (const { label, op, value } of matchers) {
      if (!info.labels.has(label) && !TARGET_LABELS.has(label)) {
        problems.push(
          `${metric}{${label}=…}: ${metric} has no label "${label}" (it has: ${[...info.labels].join(', ') || 'none'})`,
        );
        continue;
      }
      if (!info.accepts || TARGET_LABELS.has(label)) {
        continue;
      }
      const values = op === '=' || op === '!=' ? [value] : value.split('|');
      for (const v of values) {
        if (!/^[\w.-]+$/.test(v)) {
          problems.push(
            `${metric}{${label}${op}"${value}"}: only plain alternatives (a|b) can be checked`,
          );
        } else if (!info.accepts(label, v)) {
          problems.push(
            `${metric}{${label}${op}"${value}"}: ${label}="${v}" is never exported (renamed in the code?)`,
          );
        }
      }
    }
  }
  for (const label of parsed.groupingLabels) {
    if (!available.has(label)) {
      problems.push(`grouping by "${label}": none of the selected series carries it`);
    }
  }
  if (parsed.functions.includes('histogram_quantile')) {
    if (!parsed.selectors.some((s) => s.metric.endsWith('_bucket'))) {
      problems.push('histogram_quantile over something other than a _bucket series');
    }
    if (!parsed.groupingLabels.includes('le')) {
      problems.push('histogram_quantile without "le" among the grouping labels');
    }
  }
  return problems;
}
