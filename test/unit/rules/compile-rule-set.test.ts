import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rules/compile/compile-rule-set.js';
import { problemsOf, ruleSetOf } from '../../support/rules.js';

/** A one-rule file with `body` as the rule's extra lines (indented 4). */
function oneRule(body: string, head = ''): string {
  return `version: 1\n${head}rules:\n  - name: r\n${body}`;
}

describe('compileRuleSet: document shape', () => {
  it.each([
    ['', 1, 1, '', 'empty rules file'],
    ['# only a comment\n', 1, 1, '', 'empty rules file'],
    ['- a\n- b\n', 1, 1, '', 'expected a mapping but found a list'],
    ['rules: []\n', 1, 1, '', 'missing version'],
    ['version: 2\nrules: []\n', 1, 10, 'version', 'unsupported version the number 2'],
    ['version: "1"\nrules: []\n', 1, 10, 'version', 'unsupported version the string "1"'],
    ['version: 1\nrule: []\n', 2, 1, 'rule', "unknown key 'rule'"],
    ['version: 1\nrules: {}\n', 2, 8, 'rules', 'expected a list of rules but found a mapping'],
    [
      'version: 1\nrules:\n  - accept\n',
      3,
      5,
      'rules[0]',
      'expected a mapping but found the string "accept"',
    ],
    ['version: 1\ndefaults: {}\n', 1, 1, '', 'no rules: section in any file'],
  ])('when the file is %j, then %d:%d %s says %s', (text, line, column, path, message) => {
    expect(problemsOf(text)).toContainEqual(
      expect.objectContaining({ line, column, path, message }),
    );
  });

  it('when the unknown top-level key is close to a known one, then the hint suggests it', () => {
    expect(problemsOf('version: 1\nrules: []\nworkflow: {}\n')).toEqual([
      expect.objectContaining({
        message: "unknown key 'workflow'",
        hint: "did you mean 'workflows'?",
      }),
    ]);
  });

  it('when no document is given, then that is a problem', () => {
    expect(compileRuleSet([], { version: 'x' })).toMatchObject({
      ok: false,
      problems: [{ message: 'no rules files found' }],
    });
  });

  it('when problems are in several files, then they come in file order, then by position', () => {
    const problems = problemsOf(
      { file: 'b.yaml', text: 'version: 1\nrules:\n  - name: x\n    instruction: acept\n' },
      {
        file: 'a.yaml',
        text: 'version: 1\ndefaults: { mode: x }\nrules:\n  - name: y\n    instruction: rejekt\n',
      },
    );
    expect(problems.map((problem) => `${problem.file}:${problem.line}`)).toEqual([
      'b.yaml:4',
      'a.yaml:2',
      'a.yaml:5',
    ]);
  });

  it('when there are many problems, then all of them are reported', () => {
    const text = `version: 1
defaults: { mode: sync, onNoMatch: drop }
rules:
  - name: a
    instruction: acept
  - name: b
    when: task.x ==
    instruction: accept
  - instruction: accept
`;
    expect(problemsOf(text).map((problem) => problem.message)).toEqual([
      'expected one of async, inline but found the string "sync"',
      'expected one of leave, reject but found the string "drop"',
      'expected one of accept, reject, conference, dequeue, call, redirect but found the string "acept"',
      'expected a value (a path such as task.type, a string, a number, true, false, null or [...]) but found the end of the expression',
      'rule without a name',
    ]);
  });
});

describe('compileRuleSet: rules', () => {
  it.each([
    [
      '    instruction: accpet\n',
      4,
      18,
      'rules[0].instruction',
      'expected one of accept, reject, conference, dequeue, call, redirect but found the string "accpet"',
      "did you mean 'accept'?",
    ],
    [
      '    when: 1\n    instruction: accept\n',
      4,
      11,
      'rules[0].when',
      'expected an expression but found the number 1',
      undefined,
    ],
    [
      '    instruction: accept\n    mode: sync\n',
      5,
      11,
      'rules[0].mode',
      'expected one of async, inline but found the string "sync"',
      "did you mean 'async'?",
    ],
    [
      '    instruction: accept\n    mode: inlin\n',
      5,
      11,
      'rules[0].mode',
      'expected one of async, inline but found the string "inlin"',
      "did you mean 'inline'?",
    ],
    [
      '    instruction: accept\n    delay: -1\n',
      5,
      12,
      'rules[0].delay',
      'expected whole seconds from 0 to 86400 but found the number -1',
      undefined,
    ],
    [
      '    instruction: accept\n    delay: "5"\n',
      5,
      12,
      'rules[0].delay',
      'expected whole seconds from 0 to 86400 but found the string "5"',
      undefined,
    ],
    [
      '    instruction: accept\n    mode: inline\n    delay: 5\n',
      6,
      12,
      'rules[0].delay',
      'delay applies only to async rules',
      'remove delay or set mode: async',
    ],
    [
      '    instruction: accept\n    instrution: reject\n',
      5,
      5,
      'rules[0].instrution',
      "unknown key 'instrution'",
      "did you mean 'instruction'?",
    ],
    [
      '    instruction: accept\n    description: [x]\n',
      5,
      18,
      'rules[0].description',
      'expected text but found a list',
      undefined,
    ],
    [
      '    when: task.a == 1\n',
      3,
      5,
      'rules[0]',
      'rule without an instruction',
      'one of accept, reject, conference, dequeue, call, redirect',
    ],
  ])('when the rule has %j, then %d:%d %s says %s', (body, line, column, path, message, hint) => {
    const [problem] = problemsOf(oneRule(body));
    expect(problem).toEqual({
      file: 'rules-0.yaml',
      line,
      column,
      path,
      rule: 'r',
      message,
      ...(hint === undefined ? {} : { hint }),
    });
  });

  it('when the default mode is inline, then a delay on a rule without its own mode is an error', () => {
    const text = oneRule('    instruction: accept\n    delay: 5\n', 'defaults: { mode: inline }\n');
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ message: 'delay applies only to async rules' }),
    ]);
  });

  it.each([
    ['  - instruction: accept\n', 3, 5, 'rules[0]', 'rule without a name'],
    [
      '  - name: ""\n    instruction: accept\n',
      3,
      11,
      'rules[0].name',
      'expected a name of 1 to 100 characters but found the string ""',
    ],
    [
      '  - name: 7\n    instruction: accept\n',
      3,
      11,
      'rules[0].name',
      'expected a name of 1 to 100 characters but found the number 7',
    ],
    [
      `  - name: ${'n'.repeat(101)}\n    instruction: accept\n`,
      3,
      11,
      'rules[0].name',
      expect.stringContaining('expected a name of 1 to 100 characters'),
    ],
    [
      '  - name: "a\\tb"\n    instruction: accept\n',
      3,
      11,
      'rules[0].name',
      expect.stringContaining('expected a name'),
    ],
  ])('when the rule is %j, then %d:%d %s says %s', (rule, line, column, path, message) => {
    expect(problemsOf(`version: 1\nrules:\n${rule}`)).toEqual([
      expect.objectContaining({ line, column, path, message }),
    ]);
  });

  it('when two files use one rule name, then the problem is at the second and names the first', () => {
    const first = {
      file: 'a.yaml',
      text: 'version: 1\nrules:\n  - name: same\n    instruction: accept\n',
    };
    const second = {
      file: 'b.yaml',
      text: 'version: 1\nrules:\n  - name: other\n    instruction: accept\n  - name: same\n    instruction: reject\n',
    };
    expect(problemsOf(first, second)).toEqual([
      {
        file: 'b.yaml',
        line: 5,
        column: 11,
        rule: 'same',
        path: 'rules[1].name',
        message: "duplicate rule name 'same' (first at a.yaml:3:5)",
        hint: 'rule names must be unique across all files',
      },
    ]);
  });

  it('when a when expression has an error, then the column points into the expression', () => {
    const text = oneRule(
      '    when: task.type == "voice" AND tsk.language == "es"\n    instruction: accept\n',
    );
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        line: 4,
        column: 36,
        message: "unknown name 'tsk': a path starts with task., worker. or callback.",
        hint: "did you mean 'task'?",
      }),
    ]);
  });

  it('when the expression is double-quoted with escapes, then the column still points at the token', () => {
    const text = oneRule('    when: "task.a == \\"x\\" AND task.b = 1"\n    instruction: accept\n');
    // The value is `task.a == "x" AND task.b = 1`: the `=` is at value offset 25, and the two
    // escapes before it push it to file column 11 + 1 + 25 + 2.
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ line: 4, column: 39, message: "unexpected character '='" }),
    ]);
  });

  it("when the expression is single-quoted with '' escapes, then the column still points at the token", () => {
    const text = oneRule("    when: 'task.a == ''x'' AND task.b = 1'\n    instruction: accept\n");
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ line: 4, column: 39, message: "unexpected character '='" }),
    ]);
  });

  it('when the expression is a literal block, then line and column follow the block', () => {
    const text = oneRule(
      '    when: |\n      task.a == 1\n        AND task.b = 1\n    instruction: accept\n',
    );
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ line: 6, column: 20, message: "unexpected character '='" }),
    ]);
  });

  it('when the expression is a folded block, then the problem points at the block', () => {
    const text = oneRule(
      '    when: >\n      task.a == 1\n      AND task.b = 1\n    instruction: accept\n',
    );
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ line: 4, column: 11, message: "unexpected character '='" }),
    ]);
  });

  it('when when is true or absent, then the rule always matches; when false, it never does', () => {
    const rules = ruleSetOf(
      oneRule(
        '    when: false\n    instruction: reject\n  - name: t\n    when: true\n    instruction: accept\n',
      ),
    );
    expect(rules.decide({ task: {}, worker: {}, callback: {} }, 0).rule).toBe('t');
    expect(rules.rules.map((rule) => rule.when)).toEqual([null, null]);
  });

  it('when a rule is compiled, then its description is public and frozen', () => {
    const rules = ruleSetOf(
      oneRule(
        '    description: why\n    when: task.a == 1\n    instruction: accept\n    delay: 3\n',
      ),
    );
    expect(rules.rules).toEqual([
      {
        name: 'r',
        instruction: 'accept',
        mode: 'async',
        delaySeconds: 3,
        when: 'task.a == 1',
        source: { file: 'rules-0.yaml', line: 3, column: 5 },
      },
    ]);
    expect(Object.isFrozen(rules.rules)).toBe(true);
    expect(Object.isFrozen(rules.rules[0])).toBe(true);
    expect(Object.isFrozen(rules)).toBe(true);
  });
});

describe('compileRuleSet: defaults and workflows', () => {
  const sid = 'WW0123456789abcdef0123456789abcdef';

  it('when nothing is set, then the built-in defaults apply', () => {
    expect(ruleSetOf('version: 1\nrules: []\n').defaults).toEqual({
      mode: 'async',
      reservationTimeout: 120,
      onNoMatch: 'leave',
    });
  });

  it('when defaults use snake_case, then they are accepted', () => {
    const rules = ruleSetOf(
      'version: 1\ndefaults: { mode: inline, reservation_timeout: 30, on_no_match: reject }\nrules: []\n',
    );
    expect(rules.defaults).toEqual({ mode: 'inline', reservationTimeout: 30, onNoMatch: 'reject' });
  });

  it('when a key is given in both spellings, then that is a problem', () => {
    expect(
      problemsOf('version: 1\ndefaults: { onNoMatch: leave, on_no_match: reject }\nrules: []\n'),
    ).toEqual([
      expect.objectContaining({
        line: 2,
        column: 31,
        message: "'on_no_match' repeats 'onNoMatch'",
        hint: 'give it once',
      }),
    ]);
  });

  it('when two files set different defaults, then the problem names both places', () => {
    const a = { file: 'a.yaml', text: 'version: 1\ndefaults:\n  mode: inline\nrules: []\n' };
    const b = {
      file: 'b.yaml',
      text: 'version: 1\ndefaults:\n  mode: async\n  onNoMatch: reject\n',
    };
    expect(problemsOf(a, b)).toEqual([
      {
        file: 'b.yaml',
        line: 3,
        column: 9,
        path: 'defaults.mode',
        message: 'defaults.mode is "async" here but "inline" at a.yaml:3:9',
        hint: 'set it in one file only',
      },
    ]);
  });

  it('when two files set different default keys, then they merge', () => {
    const a = 'version: 1\ndefaults:\n  mode: inline\nrules: []\n';
    const b = 'version: 1\ndefaults:\n  mode: inline\n  onNoMatch: reject\n';
    expect(ruleSetOf(a, b).defaults).toEqual({
      mode: 'inline',
      reservationTimeout: 120,
      onNoMatch: 'reject',
    });
  });

  it.each([
    [
      'defaults: { reservationTimeout: 0 }',
      2,
      33,
      'expected whole seconds from 1 to 86400 but found the number 0',
    ],
    [
      'defaults: { reservationTimeout: 86401 }',
      2,
      33,
      'expected whole seconds from 1 to 86400 but found the number 86401',
    ],
    [
      'defaults: { reservationTimeout: 1.5 }',
      2,
      33,
      'expected whole seconds from 1 to 86400 but found the number 1.5',
    ],
    ['defaults: { onNoMatch: 7 }', 2, 24, 'expected one of leave, reject but found the number 7'],
    ['defaults: [async]', 2, 11, 'expected a mapping but found a list'],
    ['workflows: { WWbad: { reservationTimeout: 30 } }', 2, 14, "'WWbad' is not a Workflow SID"],
    [`workflows: { ${sid}: { timeout: 30 } }`, 2, 52, "unknown key 'timeout'"],
    [`workflows: { ${sid}: 30 }`, 2, 50, 'expected a mapping but found the number 30'],
    [
      `workflows: { ${sid}: { reservationTimeout: "30" } }`,
      2,
      72,
      'expected whole seconds from 1 to 86400 but found the string "30"',
    ],
    ['workflows: [1]', 2, 12, 'expected a mapping but found a list'],
  ])('when %s, then %d:%d says %s', (line, lineNumber, column, message) => {
    expect(problemsOf(`version: 1\n${line}\nrules: []\n`)).toEqual([
      expect.objectContaining({ line: lineNumber, column, message }),
    ]);
  });

  it('when workflows are given in two files, then they merge, and a conflict names both places', () => {
    const other = 'WW00000000000000000000000000000001';
    const a = {
      file: 'a.yaml',
      text: `version: 1\nworkflows:\n  ${sid}: { reservationTimeout: 30 }\nrules: []\n`,
    };
    const b = {
      file: 'b.yaml',
      text: `version: 1\nworkflows:\n  ${sid}: { reservationTimeout: 30 }\n  ${other}: { reservation_timeout: 45 }\n`,
    };
    expect(ruleSetOf(a, b).workflows).toEqual({
      [sid]: { reservationTimeout: 30 },
      [other]: { reservationTimeout: 45 },
    });
    const c = {
      file: 'c.yaml',
      text: `version: 1\nworkflows:\n  ${sid}:\n    reservationTimeout: 60\n`,
    };
    expect(problemsOf(a, c)).toEqual([
      expect.objectContaining({
        file: 'c.yaml',
        line: 4,
        column: 25,
        message: `workflows.${sid}.reservationTimeout is 60 here but 30 at a.yaml:3:61`,
      }),
    ]);
  });

  it('when a workflow SID is looked up that is not configured, then nothing is found, not a prototype member', () => {
    const rules = ruleSetOf(`version: 1\nworkflows:\n  ${sid}: {}\nrules: []\n`);
    expect(rules.workflows[sid]).toBeUndefined();
    expect(rules.workflows.constructor).toBeUndefined();
    expect(Object.isFrozen(rules.workflows)).toBe(true);
  });
});
