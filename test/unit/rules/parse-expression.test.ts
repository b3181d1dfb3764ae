import { describe, expect, it } from 'vitest';
import { parseExpression, parsePath } from '../../../src/rules/expression/parse-expression.js';
import { tokenize } from '../../../src/rules/expression/tokenize.js';
import { EXPRESSION_LIMITS } from '../../../src/rules/expression/limits.js';
import type { ConditionNode } from '../../../src/rules/expression/expression-ast.js';

function parsed(text: string): ConditionNode {
  const result = parseExpression(text);
  if (!result.ok) {
    throw new Error(`${text}: ${result.error.message}`);
  }
  return result.node;
}

/** The tree in a compact, readable form: (a AND b), [== path literal]. */
function shape(node: ConditionNode): string {
  switch (node.type) {
    case 'and':
    case 'or':
      return `(${node.operands.map(shape).join(` ${node.type.toUpperCase()} `)})`;
    case 'bare':
      return `bare(${node.operand.type})`;
    case 'compare':
      return `${node.left.type} ${node.op} ${node.right.type}`;
  }
}

describe('tokenize', () => {
  it.each([
    ['"a\\"b"', 'a"b'],
    ["'it\\'s'", "it's"],
    ['\'say "hi"\'', 'say "hi"'],
    ['"tab\\there"', 'tab\there'],
    ['"line\\nbreak"', 'line\nbreak'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"\\u00e9t\\u00E9"', 'été'],
    ['"\\/\\r\\b\\f"', '/\r\b\f'],
    ['""', ''],
  ])('when the string literal is %s, then its value is %j', (text, value) => {
    expect(tokenize(text)[0]).toMatchObject({ kind: 'string', value });
  });

  it.each([
    ['42', 42],
    ['-7', -7],
    ['3.5', 3.5],
    ['-0.25', -0.25],
    ['007', 7],
  ])('when the number literal is %s, then its value is %d', (text, value) => {
    expect(tokenize(text)[0]).toMatchObject({ kind: 'number', value });
  });

  it('when given words and symbols, then each token records its offsets', () => {
    expect(tokenize('task.a >= 1')).toEqual([
      { kind: 'word', value: 'task', upper: 'TASK', start: 0, end: 4 },
      { kind: 'symbol', value: '.', start: 4, end: 5 },
      { kind: 'word', value: 'a', upper: 'A', start: 5, end: 6 },
      { kind: 'symbol', value: '>=', start: 7, end: 9 },
      { kind: 'number', value: 1, start: 10, end: 11 },
      { kind: 'end', start: 11, end: 11 },
    ]);
  });
});

describe('parseExpression', () => {
  it.each([
    [
      'task.a == 1 OR task.b == 2 AND task.c == 3',
      '(path == literal OR (path == literal AND path == literal))',
    ],
    [
      'task.a == 1 AND task.b == 2 OR task.c == 3',
      '((path == literal AND path == literal) OR path == literal)',
    ],
    [
      '(task.a == 1 OR task.b == 2) AND task.c == 3',
      '((path == literal OR path == literal) AND path == literal)',
    ],
    [
      'task.a == 1 and task.b == 2 AnD task.c == 3',
      '(path == literal AND path == literal AND path == literal)',
    ],
    ['task.a == 1 or task.b == 2', '(path == literal OR path == literal)'],
    ['((task.a == 1))', 'path == literal'],
    ['task.vip', 'bare(path)'],
    ['true', 'bare(literal)'],
    ['FALSE OR task.x', '(bare(literal) OR bare(path))'],
    ['within("Mon", "UTC")', 'bare(call)'],
    ['1 == 1', 'literal == literal'],
  ])('when parsing %s, then the tree is %s', (text, expected) => {
    expect(shape(parsed(text))).toBe(expected);
  });

  it.each([
    ['task.a == 1', '=='],
    ['task.a != 1', '!='],
    ['task.a > 1', '>'],
    ['task.a >= 1', '>='],
    ['task.a < 1', '<'],
    ['task.a <= 1', '<='],
    ['task.a contains "x"', 'CONTAINS'],
    ['task.a Has "x"', 'HAS'],
    ['task.a in ["x"]', 'IN'],
    ['task.a not in ["x"]', 'NOT IN'],
    ['task.a NOT IN ["x"]', 'NOT IN'],
  ])('when parsing %s, then the operator is %s', (text, op) => {
    expect(parsed(text)).toMatchObject({ type: 'compare', op });
  });

  it('when a path has names and indexes, then the segments keep both', () => {
    expect(parsed('task.a.b[2].c == null')).toMatchObject({
      left: { type: 'path', root: 'task', segments: ['a', 'b', 2, 'c'], start: 0, end: 13 },
      right: { type: 'literal', value: null },
    });
  });

  it('when a keyword is used as an attribute name after a dot, then it is a name', () => {
    expect(parsed('task.in == worker.and')).toMatchObject({
      left: { segments: ['in'] },
      right: { root: 'worker', segments: ['and'] },
    });
  });

  it('when literals are true, false and null in any case, then their values are typed', () => {
    expect(parsed('task.a IN [TRUE, False, nUlL, "x", -1.5]')).toMatchObject({
      right: {
        type: 'array',
        items: [
          { value: true },
          { value: false },
          { value: null },
          { value: 'x' },
          { value: -1.5 },
        ],
      },
    });
  });

  it('when an array is empty, then it parses', () => {
    expect(parsed('task.a IN []')).toMatchObject({ right: { type: 'array', items: [] } });
  });

  it('when a call has arguments, then they are literal nodes', () => {
    expect(parsed('within("Mon-Fri", "UTC")')).toMatchObject({
      operand: {
        type: 'call',
        name: 'within',
        args: [{ value: 'Mon-Fri' }, { value: 'UTC' }],
        start: 0,
        end: 24,
      },
    });
    expect(parsed('f()')).toMatchObject({ operand: { type: 'call', name: 'f', args: [] } });
  });
});

describe('parseExpression errors', () => {
  it.each([
    ['task.type = "x"', 10, "unexpected character '='", "compare with '=='"],
    ['task.a == 1 && task.b == 2', 12, "unexpected character '&'", "join conditions with 'AND'"],
    ['task.a == 1 || task.b == 2', 12, "unexpected character '|'", "join conditions with 'OR'"],
    ['task.a ! 1', 7, "unexpected character '!'", "use '!=' or 'NOT IN'"],
    ['task.first-name == 1', 10, "unexpected character '-'", undefined],
    ['task.a == 12abc', 10, 'malformed number', 'numbers look like 42, -7 or 3.5'],
    ['task.a == 1.2.3', 10, 'malformed number', undefined],
    ['task.a == -x', 10, "unexpected character '-'", undefined],
    ['task.a == #', 10, "unexpected character '#'", undefined],
    ['task.a == "open', 10, 'unterminated string: expected a closing "', undefined],
    ["task.a == 'x\\q'", 12, "unknown escape '\\q' in a string", undefined],
    [
      'task.a ==',
      9,
      'expected a value (a path such as task.type, a string, a number, true, false, null or [...]) but found the end of the expression',
      undefined,
    ],
    [
      'task.a == AND',
      10,
      'expected a value (a path such as task.type, a string, a number, true, false, null or [...]) but found AND',
      undefined,
    ],
    [
      '(task.a == 1',
      12,
      "expected ')' to close the '(' at column 1 but found the end of the expression",
      undefined,
    ],
    ['task.a == 1)', 11, "expected AND, OR or the end of the expression but found ')'", undefined],
    [
      'task.a == 1 task.b',
      12,
      "expected AND, OR or the end of the expression but found 'task'",
      undefined,
    ],
    ['task.a == 1 == 2', 12, 'comparisons cannot be chained', 'join two comparisons with AND'],
    ['task.a NOT HAS 1', 7, 'NOT is only supported as NOT IN', undefined],
    [
      'NOT task.a',
      0,
      'expected a value (a path such as task.type, a string, a number, true, false, null or [...]) but found NOT',
      undefined,
    ],
    [
      '"x"',
      3,
      'expected an operator (==, !=, >, >=, <, <=, CONTAINS, HAS, IN or NOT IN) but found the end of the expression',
      undefined,
    ],
    [
      'task.a IN [1, task.b]',
      14,
      "expected a literal array item but found 'task'",
      'only strings, numbers, true, false and null may appear here',
    ],
    ['task.a IN [1 2]', 13, "expected ',' or ']' but found 2", undefined],
    [
      'tsk.type == 1',
      0,
      "unknown name 'tsk': a path starts with task., worker. or callback.",
      "did you mean 'task'?",
    ],
    [
      'type == "voice"',
      0,
      "unknown name 'type': a path starts with task., worker. or callback.",
      'for a task attribute write task.type',
    ],
    ['task == 1', 5, "expected '.' and an attribute name after 'task'", undefined],
    ['task. == 1', 6, "expected an attribute name after '.' but found '=='", undefined],
    ['task.a[x] == 1', 7, "expected an array index (0, 1, …) but found 'x'", undefined],
    ['task.a[-1] == 1', 7, 'expected an array index (0, 1, …) but found -1', undefined],
    ['task.a[1.5] == 1', 7, 'expected an array index (0, 1, …) but found 1.5', undefined],
    ['task.a[1 == 1', 9, "expected ']' but found '=='", undefined],
    ['   ', 0, 'empty expression', 'leave out `when` to match always'],
  ])('when parsing %j, then the error is at offset %d: %s', (text, offset, message, hint) => {
    const result = parseExpression(text);
    expect(result).toMatchObject({ ok: false, error: { offset, message } });
    if (hint !== undefined) {
      expect(result).toMatchObject({ error: { hint } });
    }
  });

  it('when the error is on a later line, then line and column are within the expression', () => {
    const result = parseExpression('task.a == 1\n  AND task.b = 2');
    expect(result).toMatchObject({ ok: false, error: { offset: 25, line: 2, column: 14 } });
  });

  it('when a parenthesis on another line is unclosed, then the message names its line', () => {
    const result = parseExpression('task.a == 1 AND\n  (task.b == 2');
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("'(' at line 2, column 3") },
    });
  });

  it('when a long string is described, then it is cut short', () => {
    const result = parseExpression('task.a == 1 "abcdefghijklmnopqrstuvwxyz"');
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('"abcdefghijklmnopqrst…"') },
    });
  });

  it('when an expression is longer than the limit, then it is refused without parsing', () => {
    const text = `task.a == "${'x'.repeat(EXPRESSION_LIMITS.maxLength)}"`;
    expect(parseExpression(text)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('expression too long') },
    });
  });

  it('when parentheses nest deeper than the limit, then it is refused', () => {
    const depth = EXPRESSION_LIMITS.maxDepth + 1;
    const text = `${'('.repeat(depth)}task.a == 1${')'.repeat(depth)}`;
    expect(parseExpression(text)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('nested too deep') },
    });
    const allowed = EXPRESSION_LIMITS.maxDepth;
    expect(parseExpression(`${'('.repeat(allowed)}task.a == 1${')'.repeat(allowed)}`).ok).toBe(
      true,
    );
  });

  it('when an array literal has more items than the limit, then it is refused', () => {
    const items = Array.from({ length: EXPRESSION_LIMITS.maxArrayItems + 1 }, (_, i) => i).join(
      ',',
    );
    expect(parseExpression(`task.a IN [${items}]`)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('too many array items') },
    });
  });
});

describe('parsePath', () => {
  it('when given a path, then it returns the path node', () => {
    expect(parsePath(' worker.skills[0] ')).toMatchObject({
      ok: true,
      node: { root: 'worker', segments: ['skills', 0] },
    });
  });

  it.each([
    ['"x"', 'expected a path such as task.name but found "x"'],
    ['task.a == 1', "expected the end of the path but found '=='"],
    ['tasks.a', "unknown name 'tasks': a path starts with task., worker. or callback."],
  ])('when given %j, then it fails with %s', (text, message) => {
    expect(parsePath(text)).toMatchObject({ ok: false, error: { message } });
  });
});
