/**
 * Feeds many random and mutated expressions and templates to the parser, compiler and evaluator.
 * Every input must end in a clean error (positioned inside the text) or in a compiled condition
 * whose evaluation returns a boolean — never a crash, never a hang. Seeded, so deterministic.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../../src/rules/expression/compile-expression.js';
import type { ExpressionError } from '../../../src/rules/expression/expression-error.js';
import { parseTemplate, renderTemplate } from '../../../src/rules/expression/template.js';
import type { CallbackFacts } from '../../../src/rules/types.js';
import { createRandom, type Random } from '../../support/prng.js';
import { functionContext } from '../../support/rules.js';

const PATHS = [
  'task.type',
  'task.a.b',
  'task.list[0]',
  'task.list[9]',
  'worker.skills',
  'callback.TaskAge',
  'task.__proto__',
  'task.constructor.name',
  'worker.x[0].y',
];
const LITERALS = [
  '"voice"',
  "'es'",
  '1',
  '-2.5',
  '0',
  'true',
  'FALSE',
  'null',
  '"\\"q\\""',
  '"60"',
  "''",
];
const OPERATORS = ['==', '!=', '>', '>=', '<', '<=', 'CONTAINS', 'has', 'IN', 'not in'];
const CALLS = [
  'within("Mon-Fri 09:00-17:00", "Europe/Berlin")',
  'within("Sat,Sun", "UTC")',
  'schedule("x")',
  'within("Fri 22:00-02:00", "Asia/Tokyo")',
];
const NOISE = [
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '"',
  "'",
  '\\',
  '=',
  '!',
  '&',
  '|',
  '-',
  '{{',
  '}}',
  ' AND ',
  ' OR ',
  ' NOT ',
  'é',
  '\u0000',
  '\n',
  '\t',
  '9',
  'x',
  '$',
  '😀',
];

function operand(random: Random): string {
  const kind = random.int(10);
  if (kind < 5) {
    return random.pick(PATHS);
  }
  if (kind < 8) {
    return random.pick(LITERALS);
  }
  if (kind < 9) {
    return `[${Array.from({ length: random.int(4) }, () => random.pick(LITERALS)).join(', ')}]`;
  }
  return random.pick(CALLS);
}

function expression(random: Random, depth = 0): string {
  const kind = depth > 4 ? 0 : random.int(6);
  if (kind <= 2) {
    return `${operand(random)} ${random.pick(OPERATORS)} ${operand(random)}`;
  }
  if (kind === 3) {
    return `(${expression(random, depth + 1)})`;
  }
  if (kind === 4) {
    return random.pick(PATHS);
  }
  return `${expression(random, depth + 1)} ${random.pick(['AND', 'OR', 'and', 'Or'])} ${expression(random, depth + 1)}`;
}

function mutate(random: Random, text: string): string {
  let out = text;
  for (let edits = 1 + random.int(4); edits > 0; edits -= 1) {
    const at = random.int(out.length + 1);
    const kind = random.int(5);
    if (kind === 0) {
      out = out.slice(0, at) + random.pick(NOISE) + out.slice(at);
    } else if (kind === 1) {
      out = out.slice(0, at) + out.slice(at + 1 + random.int(5));
    } else if (kind === 2) {
      out = out.slice(0, at);
    } else if (kind === 3) {
      out = out.slice(0, at) + out.slice(random.int(out.length));
    } else {
      out = out.slice(0, at) + random.pick(NOISE) + out.slice(at + 1);
    }
  }
  return out;
}

function noise(random: Random): string {
  return Array.from({ length: random.int(40) }, () =>
    random.pick([...NOISE, ...OPERATORS, ...PATHS]),
  ).join('');
}

function randomValue(random: Random, depth = 0): unknown {
  const kind = random.int(depth > 2 ? 6 : 9);
  const scalars = ['voice', 'es', '60', '', 5, -1, 2.5, true, false, null];
  if (kind < 6) {
    return random.pick(scalars);
  }
  if (kind === 6) {
    return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
  }
  const object: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": true}}') as Record<
    string,
    unknown
  >;
  for (const key of ['type', 'a', 'b', 'list', 'x', 'y', 'name', 'skills']) {
    if (random.int(2) === 0) {
      object[key] = randomValue(random, depth + 1);
    }
  }
  return object;
}

function randomFacts(random: Random): CallbackFacts {
  return {
    task: randomValue(random, 1) as Record<string, unknown>,
    worker: { skills: ['a', 'b'], x: [{ y: 1 }], ...(randomValue(random, 1) as object) },
    callback: { TaskAge: String(random.int(200)), TaskPriority: random.pick(['0', '1', 'x', '']) },
  };
}

/** Why an error is not clean (empty message, position outside the text), or undefined. */
function unclean(text: string, error: ExpressionError): string | undefined {
  const positioned =
    error.offset >= 0 && error.offset <= text.length && error.line >= 1 && error.column >= 1;
  return error.message !== '' && positioned
    ? undefined
    : `${JSON.stringify(text)}: ${JSON.stringify(error)}`;
}

describe('fuzz', () => {
  it('when thousands of generated, mutated and random expressions are compiled and run, then each gives a clean error or a boolean', () => {
    const random = createRandom(0xc0ffee);
    const context = functionContext();
    let compiled = 0;
    let refused = 0;
    const anomalies: string[] = [];
    for (let i = 0; i < 6000; i += 1) {
      const valid = expression(random);
      const text = i % 3 === 0 ? valid : i % 3 === 1 ? mutate(random, valid) : noise(random);
      const result = compileExpression(text, context);
      if (result.ok) {
        compiled += 1;
        for (let f = 0; f < 3; f += 1) {
          const value = result.condition.test(randomFacts(random), random.int(2e12));
          if (typeof value !== 'boolean') {
            anomalies.push(`${JSON.stringify(text)} gave ${String(value)}`);
          }
        }
      } else {
        refused += 1;
        anomalies.push(...result.errors.flatMap((error) => unclean(text, error) ?? []));
      }
    }
    expect(anomalies).toEqual([]);
    // Both outcomes are well represented. (Time is bench/rules.ts's business, not a test's.)
    expect(compiled).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  }, 60_000);

  it('when templates are mutated, then parsing gives a clean error or a template that renders', () => {
    const random = createRandom(7);
    for (let i = 0; i < 3000; i += 1) {
      const text = mutate(random, `sip:{{${random.pick(PATHS)}}}@{{worker.x[0].y}}.example`);
      const result = parseTemplate(text);
      if (result.ok) {
        const rendered = renderTemplate(result.template, randomFacts(random));
        expect(rendered === undefined || typeof rendered === 'string').toBe(true);
      } else {
        expect(result.errors.flatMap((error) => unclean(text, error) ?? [])).toEqual([]);
      }
    }
  }, 60_000);

  // What bounds the work is the parser's limits (limits.ts: length and nesting checked before any
  // parsing), so the test checks that they are what refuses these inputs, not a stopwatch.
  it('when inputs are pathological, then the limits refuse the huge and deep ones and the rest get a clean answer', () => {
    const context = functionContext();
    const inputs = [
      '('.repeat(100_000),
      `${'('.repeat(2000)}task.a${')'.repeat(2000)}`,
      `task.a IN [${'1,'.repeat(5000)}1]`,
      '"'.repeat(4000),
      `${'task.a == 1 AND '.repeat(250)}true`,
      '\\'.repeat(4000),
      `"${'\\u'.repeat(1000)}"`,
    ];
    const byLimit: string[] = [];
    for (const text of inputs) {
      const result = compileExpression(text, context);
      if (!result.ok && result.errors.some((e) => /too long|too deep/.test(e.message))) {
        byLimit.push(text.slice(0, 12));
      }
      if (!result.ok) {
        expect(result.errors.flatMap((error) => unclean(text, error) ?? [])).toEqual([]);
      }
    }
    expect(byLimit).toEqual([
      inputs[0]!.slice(0, 12),
      inputs[1]!.slice(0, 12),
      inputs[2]!.slice(0, 12),
    ]);
  });
});
