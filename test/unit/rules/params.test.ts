import { describe, expect, it } from 'vitest';
import {
  parseTemplate,
  renderTemplate,
  type Template,
} from '../../../src/rules/expression/template.js';
import { factsOf, MONDAY_10_UTC, problemsOf, ruleSetOf } from '../../support/rules.js';
import type { CallbackFacts } from '../../../src/rules/types.js';

function templateOf(text: string): Template {
  const result = parseTemplate(text);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.template;
}

const facts: CallbackFacts = {
  task: {
    to: '+14155550111',
    n: 7,
    ok: true,
    empty: '',
    list: ['a'],
    object: { a: 1 },
    nested: { id: 'x' },
  },
  worker: { contact_uri: 'client:alice' },
  callback: { TaskSid: 'WT1' },
};

describe('templates', () => {
  it.each([
    ['plain text', 'plain text'],
    ['{{task.to}}', '+14155550111'],
    ['{{ worker.contact_uri }}', 'client:alice'],
    ['call {{task.to}} for {{callback.TaskSid}}', 'call +14155550111 for WT1'],
    ['{{task.n}}/{{task.ok}}', '7/true'],
    ['{{task.nested.id}}', 'x'],
    ['{{task.list[0]}}', 'a'],
    ['a }} b', 'a }} b'],
    ['{{task.to}}}}', '+14155550111}}'],
  ])('when %j is rendered, then it is %j', (text, expected) => {
    expect(renderTemplate(templateOf(text), facts)).toBe(expected);
  });

  it.each([
    ['{{task.missing}}'],
    ['x-{{task.missing}}'],
    ['{{task.empty}}'],
    ['{{task.list}}'],
    ['{{task.object}}'],
    ['{{task.to}}{{worker.nope}}'],
  ])('when %j has a missing placeholder, then nothing is rendered', (text) => {
    expect(renderTemplate(templateOf(text), facts)).toBeUndefined();
  });

  it.each([
    ['{{tasks.to}}', 2, "unknown name 'tasks': a path starts with task., worker. or callback."],
    ['x {{ task.a == 1 }}', 12, "expected the end of the path but found '=='"],
    ['{{}}', 2, 'expected a path such as task.name but found the end of the expression'],
    ['a {{task.to', 2, "unclosed '{{': expected '}}'"],
    ['{{task.to}} {{task', 12, "unclosed '{{': expected '}}'"],
  ])('when %j is parsed, then it fails at offset %d with %s', (text, offset, message) => {
    expect(parseTemplate(text)).toMatchObject({ ok: false, errors: [{ offset, message }] });
  });
});

const dequeue = (params: string): string => `version: 1
rules:
  - name: r
    instruction: dequeue
    params:
${params}`;

describe('params: load-time checks', () => {
  it.each([
    [
      '      from: "+1800"\n      timout: 20\n',
      7,
      7,
      'rules[0].params.timout',
      "unknown key 'timout'",
      "did you mean 'timeout'?",
    ],
    [
      '      from: "+1800"\n      activity_sid: WA0123456789abcdef0123456789abcdef\n',
      7,
      7,
      'rules[0].params.activity_sid',
      "unknown key 'activity_sid'",
      'activitySid is a param of reject, not of dequeue',
    ],
    [
      '      from: "+1800"\n      sipAuthUsername: x\n',
      7,
      7,
      'rules[0].params.sipAuthUsername',
      "unknown key 'sipAuthUsername'",
      'sipAuthUsername is a param of conference, not of dequeue',
    ],
    [
      '      from: "+1800"\n      zzz: 1\n',
      7,
      7,
      'rules[0].params.zzz',
      "unknown key 'zzz'",
      'known keys: from, to, postWorkActivitySid, record, timeout, statusCallbackUrl, statusCallbackEvent',
    ],
    [
      '      from: "+1800"\n      timeout: "20"\n',
      7,
      16,
      'rules[0].params.timeout',
      'expected a whole number ≥ 0 but found the string "20"',
      'write the number without quotes',
    ],
    [
      '      from: "+1800"\n      timeout: -1\n',
      7,
      16,
      'rules[0].params.timeout',
      'expected a whole number ≥ 0 but found the number -1',
      undefined,
    ],
    [
      '      from: "+1800"\n      timeout: 1.5\n',
      7,
      16,
      'rules[0].params.timeout',
      'expected a whole number ≥ 0 but found the number 1.5',
      undefined,
    ],
    [
      '      from: "+1800"\n      timeout: "{{task.t}}"\n',
      7,
      16,
      'rules[0].params.timeout',
      'templates are allowed only in string params; timeout takes a literal integer',
      undefined,
    ],
    [
      '      from: +18005550100\n',
      6,
      13,
      'rules[0].params.from',
      'expected a string but found the number 18005550100',
      'quote it: "18005550100"; unquoted, a leading + or 0 is lost',
    ],
    [
      '      from: [a]\n',
      6,
      13,
      'rules[0].params.from',
      'expected a string but found a list',
      undefined,
    ],
    [
      '      from: ""\n',
      6,
      13,
      'rules[0].params.from',
      'empty string',
      'leave the param out instead',
    ],
    [
      '      from: "+1800"\n      postWorkActivitySid: WA123\n',
      7,
      28,
      'rules[0].params.postWorkActivitySid',
      'expected a WA SID (WA and 32 hex digits) but found "WA123"',
      undefined,
    ],
    [
      '      from: "+1800"\n      statusCallbackEvent: answered\n',
      7,
      28,
      'rules[0].params.statusCallbackEvent',
      'expected a list of strings but found the string "answered"',
      'write a list: [answered]',
    ],
    [
      '      from: "+1800"\n      statusCallbackEvent: []\n',
      7,
      28,
      'rules[0].params.statusCallbackEvent',
      'empty list',
      'leave the param out instead',
    ],
    [
      '      from: "+1800"\n      statusCallbackEvent: [answerd]\n',
      7,
      29,
      'rules[0].params.statusCallbackEvent[0]',
      'expected one of initiated, ringing, answered, completed but found "answerd"',
      "did you mean 'answered'?",
    ],
    [
      '      from: "+1800"\n      statusCallbackEvent: [answered, 3]\n',
      7,
      39,
      'rules[0].params.statusCallbackEvent[1]',
      'expected a string but found the number 3',
      'quote it: "3"; unquoted, a leading + or 0 is lost',
    ],
    [
      '      from: "{{task.to"\n',
      6,
      14,
      'rules[0].params.from',
      "template: unclosed '{{': expected '}}'",
      undefined,
    ],
    [
      '      from: "{{tasks.to}}"\n',
      6,
      16,
      'rules[0].params.from',
      "template: unknown name 'tasks': a path starts with task., worker. or callback.",
      "did you mean 'task'?",
    ],
    ['      to: "+1"\n', 5, 5, 'rules[0].params', "dequeue requires the param 'from'", undefined],
    ['      [1]\n', 6, 7, 'rules[0].params', 'expected a mapping but found a list', undefined],
  ])('when params are %j, then %d:%d %s says %s', (params, line, column, path, message, hint) => {
    expect(problemsOf(dequeue(params))).toEqual([
      {
        file: 'rules-0.yaml',
        line,
        column,
        path,
        rule: 'r',
        message,
        ...(hint === undefined ? {} : { hint }),
      },
    ]);
  });

  it.each([
    [
      'conference',
      '      record: "true"\n',
      'expected true or false but found the string "true"',
      'write true or false without quotes',
    ],
    ['conference', '      record: 1\n', 'expected true or false but found the number 1', undefined],
    [
      'conference',
      '      beep: onenter\n',
      'expected one of true, false, onEnter, onExit but found "onenter"',
      "did you mean 'onEnter'?",
    ],
    ['redirect', '      url: https://x\n', "redirect requires the param 'callSid'", undefined],
    [
      'redirect',
      '      url: https://x\n      callSid: CA1\n',
      'expected a CA SID (CA and 32 hex digits) but found "CA1"',
      undefined,
    ],
    ['call', '      url: https://x\n', "call requires the param 'from'", undefined],
    [
      'accept',
      '      activitySid: WA0123456789abcdef0123456789abcdef\n',
      "unknown key 'activitySid'",
      'activitySid is a param of reject, not of accept',
    ],
  ])('when a %s rule has params %j, then it says %s', (instruction, params, message, hint) => {
    const text = `version: 1\nrules:\n  - name: r\n    instruction: ${instruction}\n    params:\n${params}`;
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ message, ...(hint === undefined ? {} : { hint }) }),
    ]);
  });

  it('when a call rule lacks from and url, then both are reported', () => {
    const text = 'version: 1\nrules:\n  - name: r\n    instruction: call\n';
    expect(
      problemsOf(text).map((problem) => [
        problem.line,
        problem.column,
        problem.path,
        problem.message,
      ]),
    ).toEqual([
      [3, 5, 'rules[0]', "call requires the param 'from'"],
      [3, 5, 'rules[0]', "call requires the param 'url'"],
    ]);
  });
});

describe('params: rendering', () => {
  it('when params use snake_case, then the decision carries camelCase names', () => {
    const rules = ruleSetOf(
      dequeue(
        '      from: "+18005550100"\n      post_work_activity_sid: WA0123456789abcdef0123456789abcdef\n      status_callback_event: [answered]\n',
      ),
    );
    expect(rules.decide(factsOf(), MONDAY_10_UTC).instruction).toEqual({
      kind: 'dequeue',
      params: {
        from: '+18005550100',
        postWorkActivitySid: 'WA0123456789abcdef0123456789abcdef',
        statusCallbackEvent: ['answered'],
      },
    });
  });

  it('when params have no template, then every decision is the same frozen object', () => {
    const rules = ruleSetOf(
      dequeue('      from: "+18005550100"\n      statusCallbackEvent: [answered, completed]\n'),
    );
    const first = rules.decide(factsOf(), 0);
    expect(rules.decide(factsOf({ task: { other: 1 } }), 1)).toBe(first);
    expect(Object.isFrozen(first.instruction?.params)).toBe(true);
    expect(Object.isFrozen(first.instruction?.params.statusCallbackEvent)).toBe(true);
  });

  it('when a template is missing its attribute, then the param is dropped', () => {
    const rules = ruleSetOf(
      dequeue(
        '      from: "+18005550100"\n      to: "{{worker.contact_uri}}"\n      timeout: 10\n',
      ),
    );
    expect(
      rules.decide(factsOf({ worker: { contact_uri: 'client:bob' } }), 0).instruction?.params,
    ).toEqual({ from: '+18005550100', to: 'client:bob', timeout: 10 });
    expect(rules.decide(factsOf(), 0).instruction?.params).toEqual({
      from: '+18005550100',
      timeout: 10,
    });
  });

  it('when list items are templates, then missing items are dropped, an invalid one skips the rule, and an empty list is dropped', () => {
    const rules = ruleSetOf(
      dequeue('      from: "+1"\n      statusCallbackEvent: [answered, "{{task.event}}"]\n'),
    );
    expect(
      rules.decide(factsOf({ task: { event: 'completed' } }), 0).instruction?.params
        .statusCallbackEvent,
    ).toEqual(['answered', 'completed']);
    expect(rules.decide(factsOf({ task: { event: 'exploded' } }), 0)).toMatchObject({
      rule: null,
      skipped: [{ rule: 'r', param: 'statusCallbackEvent' }],
    });
    const only = ruleSetOf(
      dequeue('      from: "+1"\n      statusCallbackEvent: ["{{task.event}}"]\n'),
    );
    expect(only.decide(factsOf(), 0).instruction?.params).toEqual({ from: '+1' });
  });

  it('when a templated enum param renders to a value outside the enum, then the rule does not apply', () => {
    const rules = ruleSetOf(
      'version: 1\nrules:\n  - name: r\n    instruction: conference\n    params: { beep: "{{task.beep}}" }\n',
    );
    expect(rules.decide(factsOf({ task: { beep: 'onExit' } }), 0).instruction?.params).toEqual({
      beep: 'onExit',
    });
    expect(rules.decide(factsOf({ task: { beep: 'loud' } }), 0)).toEqual({
      rule: null,
      instruction: null,
      mode: 'async',
      delaySeconds: 0,
      skipped: [
        { rule: 'r', param: 'beep', reason: 'expected one of true, false, onEnter, onExit' },
      ],
    });
  });

  it('when a required param renders empty or invalid, then the rule is skipped for the next one', () => {
    const rules = ruleSetOf(`version: 1
rules:
  - name: transfer
    instruction: redirect
    params: { callSid: "{{task.call_sid}}", url: "https://x/{{task.kind}}" }
  - name: fallback
    instruction: accept
`);
    const good = 'CA0123456789abcdef0123456789abcdef';
    expect(rules.decide(factsOf({ task: { call_sid: good, kind: 'a' } }), 0)).toEqual({
      rule: 'transfer',
      instruction: { kind: 'redirect', params: { callSid: good, url: 'https://x/a' } },
      mode: 'async',
      delaySeconds: 0,
    });
    expect(rules.decide(factsOf({ task: { call_sid: 'nope', kind: 'a' } }), 0).rule).toBe(
      'fallback',
    );
    expect(rules.decide(factsOf({ task: { call_sid: good } }), 0).rule).toBe('fallback');
  });
});
