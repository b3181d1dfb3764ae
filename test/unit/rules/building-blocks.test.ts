import { describe, expect, it } from 'vitest';
import { parseRulesText } from '../../../src/config/parse-rules-text.js';
import { checkString } from '../../../src/rules/compile/param-value.js';
import { describeValue } from '../../../src/rules/compile/read-fields.js';
import { createReporter } from '../../../src/rules/compile/reporter.js';
import {
  formatDataPath,
  formatRulesProblem,
  type RulesProblem,
} from '../../../src/rules/compile/rules-problem.js';
import { MINUTES_PER_WEEK, parseScheduleSpec } from '../../../src/rules/schedules/schedule-spec.js';
import {
  didYouMean,
  levenshtein,
  snakeToCamel,
  suggestName,
} from '../../../src/rules/compile/suggest-name.js';
import { deepFreeze } from '../../../src/rules/compile/deep-freeze.js';
import { errorsOf } from '../../support/rules.js';

describe('suggest-name', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['timout', 'timeout', 1],
  ])('when comparing %j and %j, then the distance is %d', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
  });

  it.each([
    ['timout', ['timeout', 'to', 'from'], 'timeout'],
    ['post_work_activity_sid', ['postWorkActivitySid', 'to'], 'postWorkActivitySid'],
    ['ACCEPT', ['accept', 'reject'], 'accept'],
    ['zz', ['to', 'from'], undefined],
    ['x', ['a'], undefined],
    ['anything', [], undefined],
  ])('when suggesting for %j among %j, then it is %j', (input, candidates, expected) => {
    expect(suggestName(input, candidates)).toBe(expected);
  });

  it('when there is a suggestion, then the hint asks about it', () => {
    expect(didYouMean('rejct', ['reject'])).toBe("did you mean 'reject'?");
    expect(didYouMean('qqqqq', ['reject'])).toBeUndefined();
  });

  it.each([
    ['post_work_activity_sid', 'postWorkActivitySid'],
    ['timeout', 'timeout'],
    ['status__callback_url', 'statusCallbackUrl'],
    ['on_no_match', 'onNoMatch'],
  ])('when %s is folded, then it is %s', (snake, camel) => {
    expect(snakeToCamel(snake)).toBe(camel);
  });
});

describe('rules-problem', () => {
  it.each([
    [[], ''],
    [['rules', 2, 'params', 'timeout'], 'rules[2].params.timeout'],
    [['schedules', 'after hours'], 'schedules["after hours"]'],
    [['workflows', 'WW1', 'reservationTimeout'], 'workflows.WW1.reservationTimeout'],
    [[0, 'a.b'], '[0]["a.b"]'],
  ])('when the path is %j, then it prints as %s', (path, printed) => {
    expect(formatDataPath(path)).toBe(printed);
  });

  it('when a problem is formatted, then rule and hint appear only when present', () => {
    const problem: RulesProblem = { file: 'a.yaml', line: 1, column: 2, path: 'x', message: 'm' };
    expect(formatRulesProblem(problem)).toBe('a.yaml:1:2 m');
    expect(formatRulesProblem({ ...problem, rule: 'r', hint: 'h' })).toBe('a.yaml:1:2 [r] m (h)');
  });
});

describe('reporter', () => {
  it('when a path cannot be located, then the nearest located parent is used, then 1:1', () => {
    const problems: RulesProblem[] = [];
    const reporter = createReporter(
      {
        file: 'f',
        data: {},
        locate: (path) => (path.length <= 1 ? { line: 4, column: path.length + 1 } : undefined),
      },
      problems,
    );
    reporter.report(['rules', 3, 'when'], 'deep', { offset: 7 });
    expect(problems).toEqual([
      { file: 'f', line: 4, column: 2, path: 'rules[3].when', message: 'deep' },
    ]);
    const nowhere = createReporter({ file: 'g', data: {}, locate: () => undefined }, problems);
    expect(nowhere.locate(['a'])).toEqual({ file: 'g', line: 1, column: 1 });
  });
});

describe('read-fields', () => {
  it.each([
    [null, 'nothing (null)'],
    [undefined, 'nothing (null)'],
    [[1], 'a list'],
    [{}, 'a mapping'],
    ['x', 'the string "x"'],
    [3, 'the number 3'],
    [false, 'the boolean false'],
    [() => 1, 'a function'],
    [Symbol('s'), 'a symbol'],
  ])('when describing %j, then it reads %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});

describe('param-value', () => {
  it('when a pattern is not a SID pattern, then the message shows the pattern itself', () => {
    expect(checkString({ type: 'string', pattern: /^x+$/ }, 'y')).toEqual({
      message: 'expected the form /^x+$/ but found "y"',
    });
    expect(checkString({ type: 'string', pattern: /^x+$/ }, 'xx')).toBeUndefined();
  });
});

describe('schedule-spec', () => {
  it('when writing the week fails for a reason other than the spec, then the error is not swallowed', () => {
    const broken = new Proxy(new Uint8Array(MINUTES_PER_WEEK), {
      set() {
        throw new TypeError('read-only week');
      },
    });
    expect(() => parseScheduleSpec('Mon', broken)).toThrow('read-only week');
  });
});

describe('deep-freeze', () => {
  it('when given nested data, then everything is frozen; scalars pass through', () => {
    const data = deepFreeze({ a: [{ b: 1 }], c: 'x' });
    expect(Object.isFrozen(data.a[0])).toBe(true);
    expect(deepFreeze(5)).toBe(5);
    expect(deepFreeze(null)).toBeNull();
  });
});

describe('array literals in the wrong place', () => {
  it.each([
    [
      'task.a == [1]',
      10,
      'an array literal can only follow IN or NOT IN, not ==',
      'to test membership write: value IN [...]',
    ],
    ['task.a HAS ["x"]', 11, 'an array literal can only follow IN or NOT IN, not HAS', undefined],
    ['[1] IN task.a', 0, 'an array literal can only follow IN or NOT IN, not IN', undefined],
  ])('when %s, then the error is at %d: %s', (expression, offset, message, hint) => {
    expect(errorsOf(expression)).toEqual([
      { offset, line: 1, column: offset + 1, message, ...(hint === undefined ? {} : { hint }) },
    ]);
  });
});

describe('parseRulesText', () => {
  const text = 'version: 1\nrules:\n  - name: a\n    params:\n    when: "x"\n';
  const { document } = parseRulesText('f.yaml', text);

  it.each([
    [['rules', 0, 'name'], {}, { line: 3, column: 11 }],
    [['rules', 0, 'name'], { key: true }, { line: 3, column: 5 }],
    [['rules', 0, 'params'], {}, { line: 4, column: 5 }],
    [['rules', 0, 'when'], { offset: 0 }, { line: 5, column: 12 }],
    [['rules', 5], {}, undefined],
    [['rules', 0, 'missing'], {}, undefined],
    [['version', 'deeper'], {}, undefined],
    [['rules', 'x'], {}, undefined],
  ])('when locating %j with %j, then it is %j', (path, options, position) => {
    expect(document.locate(path, options)).toEqual(position);
  });

  it('when the document is parsed, then its data is plain', () => {
    expect(document.data).toEqual({ version: 1, rules: [{ name: 'a', params: null, when: 'x' }] });
  });
});
