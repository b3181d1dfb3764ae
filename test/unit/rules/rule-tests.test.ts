import { describe, expect, it } from 'vitest';
import { compileYaml, problemsOf } from '../../support/rules.js';
import { ruleTestProblems, runRuleTests } from '../../../src/rules/tests/run-rule-tests.js';

const rules = `version: 1
schedules:
  office: { zone: UTC, hours: ["Mon-Fri 09:00-17:00"] }
rules:
  - name: old
    when: callback.TaskAge > 60
    instruction: dequeue
    params: { from: "+1800", statusCallbackEvent: [answered], to: "{{worker.uri}}" }
  - name: office
    when: schedule("office")
    instruction: accept
    delay: 5
`;

function compiled(tests: string) {
  const result = compileYaml({ file: 'rules.yaml', text: `${rules}tests:\n${tests}` });
  if (!result.ok) {
    throw new Error(JSON.stringify(result.problems));
  }
  return result;
}

describe('rule tests', () => {
  it('when cases match their expectations, then they pass', () => {
    const { ruleSet, tests } = compiled(`  - name: an old task is dequeued
    callback: { TaskAge: 61 }
    worker: { uri: "client:a" }
    expect: { rule: old, instruction: dequeue, mode: async, delay: 0, params: { from: "+1800", to: "client:a", status_callback_event: [answered] } }
  - name: office hours
    at: 2024-01-15T10:00:00Z
    expect: { rule: office, instruction: accept, delay: 5 }
  - at: 2024-01-15T20:00:00+02:00
    task: { a: 1 }
    expect: { rule: null, instruction: null }
`);
    expect(tests.map((test) => [test.name, test.path, test.source.line, test.at])).toEqual([
      ['an old task is dequeued', 'tests[0]', 14, undefined],
      ['office hours', 'tests[1]', 18, Date.UTC(2024, 0, 15, 10)],
      ['tests[2]', 'tests[2]', 21, Date.UTC(2024, 0, 15, 18)],
    ]);
    expect(tests[0]?.facts.callback).toEqual({ TaskAge: '61' });
    const results = runRuleTests(ruleSet, tests, Date.UTC(2024, 0, 13, 12));
    expect(results.map((result) => [result.passed, result.failures])).toEqual([
      [true, []],
      [true, []],
      [true, []],
    ]);
    expect(ruleTestProblems(results)).toEqual([]);
  });

  it('when cases do not match, then the failures say what differed and become problems', () => {
    const { ruleSet, tests } = compiled(`  - name: wrong
    callback: { TaskAge: "5" }
    expect: { rule: old, instruction: dequeue, mode: inline, delay: 3, params: { to: x, statusCallbackEvent: [completed], timeout: 3 } }
`);
    const results = runRuleTests(ruleSet, tests, Date.UTC(2024, 0, 15, 10));
    expect(results[0]?.failures).toEqual([
      'expected rule "old" but got "office"',
      'expected instruction "dequeue" but got "accept"',
      'expected mode "inline" but got "async"',
      'expected delay 3 but got 5',
      'expected params.to "x" but got nothing',
      'expected params.statusCallbackEvent ["completed"] but got nothing',
      'expected params.timeout 3 but got nothing',
    ]);
    expect(ruleTestProblems(results)).toEqual([
      {
        file: 'rules.yaml',
        line: 14,
        column: 5,
        path: 'tests[0]',
        message: expect.stringMatching(
          /^test 'wrong' failed: expected rule "old" but got "office"; /,
        ),
      },
    ]);
  });

  it("when a case gives no `at`, then it is decided at the runner's now", () => {
    const { ruleSet, tests } = compiled('  - expect: { rule: office }\n');
    expect(runRuleTests(ruleSet, tests, Date.UTC(2024, 0, 15, 10))[0]?.passed).toBe(true);
    expect(runRuleTests(ruleSet, tests, Date.UTC(2024, 0, 15, 20))[0]?.passed).toBe(false);
  });

  it('when list params differ in length or items, then the case fails', () => {
    const { ruleSet, tests } = compiled(`  - callback: { TaskAge: 99 }
    expect: { rule: old, params: { statusCallbackEvent: [answered, completed] } }
  - callback: { TaskAge: 99 }
    expect: { rule: old, params: { statusCallbackEvent: [completed] } }
`);
    expect(runRuleTests(ruleSet, tests, 0).map((result) => result.passed)).toEqual([false, false]);
  });

  it.each([
    [
      '  - expect: { rule: olld }\n',
      'tests[0].expect.rule',
      'no rule named the string "olld"',
      "did you mean 'old'?",
    ],
    [
      '  - expect: { rule: 5 }\n',
      'tests[0].expect.rule',
      'no rule named the number 5',
      'use null to expect that no rule matches',
    ],
    [
      '  - expect: { instruction: leave }\n',
      'tests[0].expect.instruction',
      "'leave' is not an instruction",
      'expect instruction: null for leave',
    ],
    [
      '  - expect: { instruction: acept }\n',
      'tests[0].expect.instruction',
      'expected one of accept, reject, conference, dequeue, call, redirect but found the string "acept"',
      "did you mean 'accept'?",
    ],
    [
      '  - expect: { rule: office, instruction: reject }\n',
      'tests[0].expect.instruction',
      "rule 'office' gives accept, not reject",
      undefined,
    ],
    [
      '  - expect: { rule: old, params: { timout: 1 } }\n',
      'tests[0].expect.params.timout',
      "unknown key 'timout'",
      "did you mean 'timeout'?",
    ],
    [
      '  - expect: { instruction: reject, params: { activitySid: [1] } }\n',
      'tests[0].expect.params.activitySid',
      'expected a param value but found a list',
      undefined,
    ],
    [
      '  - expect: { rule: old, mode: fast }\n',
      'tests[0].expect.mode',
      'expected one of async, inline but found the string "fast"',
      undefined,
    ],
    [
      '  - expect: { rule: old, delay: -1 }\n',
      'tests[0].expect.delay',
      'expected whole seconds but found the number -1',
      undefined,
    ],
    [
      '  - expect: { rule: old, ruled: x }\n',
      'tests[0].expect.ruled',
      "unknown key 'ruled'",
      "did you mean 'rule'?",
    ],
    [
      '  - expect: { mode: async }\n',
      'tests[0].expect',
      'a test needs expect.rule or expect.instruction',
      'e.g. expect: { rule: everything-else }',
    ],
    [
      '  - task: { a: 1 }\n',
      'tests[0]',
      'a test needs expect.rule or expect.instruction',
      undefined,
    ],
    ['  - expect: [old]\n', 'tests[0].expect', 'expected a mapping but found a list', undefined],
    [
      '  - task: [1]\n    expect: { rule: old }\n',
      'tests[0].task',
      'expected a mapping of attributes but found a list',
      undefined,
    ],
    [
      '  - callback: { TaskAge: [1] }\n    expect: { rule: old }\n',
      'tests[0].callback.TaskAge',
      'expected a parameter value but found a list',
      undefined,
    ],
    [
      '  - at: 2024-01-15T10:00:00\n    expect: { rule: old }\n',
      'tests[0].at',
      'expected a time but found the string "2024-01-15T10:00:00"',
      'an ISO 8601 time with an offset, e.g. 2024-05-06T10:00:00+02:00 or …Z',
    ],
    [
      '  - at: 2024-13-45T10:00:00Z\n    expect: { rule: old }\n',
      'tests[0].at',
      'expected a time but found the string "2024-13-45T10:00:00Z"',
      undefined,
    ],
    [
      '  - name: 5\n    expect: { rule: old }\n',
      'tests[0].name',
      'expected a name but found the number 5',
      undefined,
    ],
    ['  - 5\n', 'tests[0]', 'expected a mapping but found the number 5', undefined],
    [
      '  - expect: { rule: old }\n    wroker: {}\n',
      'tests[0].wroker',
      "unknown key 'wroker'",
      "did you mean 'worker'?",
    ],
  ])('when the case is %j, then %s says %s', (tests, path, message, hint) => {
    expect(problemsOf({ file: 'rules.yaml', text: `${rules}tests:\n${tests}` })).toEqual([
      expect.objectContaining({ path, message, ...(hint === undefined ? {} : { hint }) }),
    ]);
  });

  it('when tests is not a list, then that is a problem', () => {
    expect(problemsOf(`${rules}tests: {}\n`)).toEqual([
      expect.objectContaining({
        path: 'tests',
        message: 'expected a list of test cases but found a mapping',
      }),
    ]);
  });

  it('when tests name rules of another file, then they resolve across files', () => {
    const other = 'version: 1\ntests:\n  - callback: { TaskAge: 70 }\n    expect: { rule: old }\n';
    const result = compileYaml(rules, other);
    expect(result.ok && runRuleTests(result.ruleSet, result.tests, 0)[0]?.passed).toBe(true);
  });

  it('when expected params are given without rule or instruction kind, then any catalog name is accepted', () => {
    const result = compileYaml(
      `${rules}tests:\n  - expect: { rule: null, params: { activitySid: x } }\n`,
    );
    expect(result.ok).toBe(true);
  });

  it('when test cases are compiled, then they are frozen', () => {
    const { tests } = compiled('  - task: { a: { b: 1 } }\n    expect: { rule: old }\n');
    expect(Object.isFrozen(tests)).toBe(true);
    expect(Object.isFrozen(tests[0]?.facts.task.a)).toBe(true);
  });
});
