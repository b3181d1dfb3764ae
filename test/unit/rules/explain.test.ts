import { describe, expect, it } from 'vitest';
import { factsOf, ruleSetOf } from '../../support/rules.js';
import { formatExplanation } from '../../../src/rules/explain/format-explanation.js';
import { maskSecrets, SECRET_MASK } from '../../../src/rules/mask-secrets.js';

const text = `version: 1
rules:
  - name: spanish-voice
    when: task.type == "voice" AND task.language == "es"
    instruction: conference
    params: { from: "{{task.to}}", sipAuthPassword: hunter2 }
  - name: either
    when: task.priority > 5 OR worker.languages HAS task.language
    instruction: reject
  - name: office
    when: within("Mon-Fri 09:00-17:00", "Europe/Berlin")
    instruction: accept
    delay: 5
  - name: disabled
    when: false
    instruction: accept
  - name: transfer
    when: task.vip
    instruction: redirect
    params: { callSid: "{{task.call_sid}}", url: "https://x" }
  - name: fallback
    instruction: accept
`;
const rules = ruleSetOf({ file: 'rules.yaml', text });
const saturday = Date.UTC(2024, 3, 6, 10, 0);
const monday = Date.UTC(2024, 3, 8, 10, 0);

describe('explain', () => {
  it('when rules do not match, then each says which part was false and the values seen', () => {
    const facts = factsOf({
      task: { type: 'voice', language: 'en', priority: 3, vip: true },
      worker: { languages: ['de'] },
    });
    const explanation = rules.explain(facts, saturday);
    expect(explanation.rules).toEqual([
      {
        rule: 'spanish-voice',
        source: { file: 'rules.yaml', line: 3, column: 5 },
        when: 'task.type == "voice" AND task.language == "es"',
        outcome: 'not-matched',
        failures: [
          {
            text: 'task.language == "es"',
            start: 25,
            end: 46,
            values: ['en', 'es'],
            reason: 'task.language is "en"',
          },
        ],
      },
      {
        rule: 'either',
        source: { file: 'rules.yaml', line: 7, column: 5 },
        when: 'task.priority > 5 OR worker.languages HAS task.language',
        outcome: 'not-matched',
        failures: [
          {
            text: 'task.priority > 5',
            start: 0,
            end: 17,
            values: [3, 5],
            reason: 'task.priority is 3',
          },
          {
            text: 'worker.languages HAS task.language',
            start: 21,
            end: 55,
            values: [['de'], 'en'],
            reason: 'worker.languages is ["de"], task.language is "en"',
          },
        ],
      },
      {
        rule: 'office',
        source: { file: 'rules.yaml', line: 10, column: 5 },
        when: 'within("Mon-Fri 09:00-17:00", "Europe/Berlin")',
        outcome: 'not-matched',
        failures: [
          {
            text: 'within("Mon-Fri 09:00-17:00", "Europe/Berlin")',
            start: 0,
            end: 46,
            values: [false],
            reason: 'Sat 12:00 in Europe/Berlin is outside "Mon-Fri 09:00-17:00"',
          },
        ],
      },
      {
        rule: 'disabled',
        source: { file: 'rules.yaml', line: 14, column: 5 },
        when: null,
        outcome: 'disabled',
        failures: [],
      },
      {
        rule: 'transfer',
        source: { file: 'rules.yaml', line: 17, column: 5 },
        when: 'task.vip',
        outcome: 'param-missing',
        failures: [],
        missingParam: 'callSid',
        skip: { param: 'callSid', reason: 'required param rendered empty' },
      },
      {
        rule: 'fallback',
        source: { file: 'rules.yaml', line: 21, column: 5 },
        when: null,
        outcome: 'chosen',
        failures: [],
      },
    ]);
    expect(explanation.decision).toEqual(rules.decide(facts, saturday));
  });

  it('when a rule matches after the chosen one, then it is shadowed', () => {
    const explanation = rules.explain(factsOf({ task: { priority: 9 } }), monday);
    expect(explanation.rules.map((rule) => rule.outcome)).toEqual([
      'not-matched',
      'chosen',
      'shadowed',
      'disabled',
      'not-matched',
      'shadowed',
    ]);
    expect(explanation.rules[0]?.failures[0]?.reason).toBe('task.type is missing (null)');
    expect(explanation.rules[4]?.failures[0]?.reason).toBe('task.vip is missing (null)');
    expect(explanation.decision).toMatchObject({ rule: 'either', instruction: { kind: 'reject' } });
  });

  it('when the chosen rule has a secret param, then explain masks it but decide does not', () => {
    const facts = factsOf({ task: { type: 'voice', language: 'es', to: '+1555' } });
    expect(rules.decide(facts, monday).instruction?.params).toEqual({
      from: '+1555',
      sipAuthPassword: 'hunter2',
    });
    expect(rules.explain(facts, monday).decision.instruction?.params).toEqual({
      from: '+1555',
      sipAuthPassword: SECRET_MASK,
    });
  });

  it('when a decision has no instruction or no secret, then masking returns it unchanged', () => {
    const leave = { rule: null, instruction: null, mode: 'async' as const, delaySeconds: 0 };
    expect(maskSecrets(leave)).toBe(leave);
    const plain = { ...leave, instruction: { kind: 'accept' as const, params: {} } };
    expect(maskSecrets(plain)).toBe(plain);
  });

  it('when the comparison has literals on both sides, then the reason is just false', () => {
    const set = ruleSetOf(
      'version: 1\nrules:\n  - name: r\n    when: 1 == 2\n    instruction: accept\n',
    );
    expect(set.explain(factsOf(), 0).rules[0]?.failures).toEqual([
      { text: '1 == 2', start: 0, end: 6, values: [1, 2], reason: 'false' },
    ]);
  });

  it('when a value is long, then the reason cuts it short', () => {
    const set = ruleSetOf(
      'version: 1\nrules:\n  - name: r\n    when: task.a == "x"\n    instruction: accept\n',
    );
    const [failure] =
      set.explain(factsOf({ task: { a: 'y'.repeat(100) } }), 0).rules[0]?.failures ?? [];
    expect(failure?.reason).toBe(`task.a is "${'y'.repeat(56)}...`);
  });

  it('when formatted, then each rule is a line with its failures and the decision comes last', () => {
    const facts = factsOf({
      task: { type: 'voice', language: 'en', priority: 3, vip: true },
      worker: { languages: ['de'] },
    });
    expect(formatExplanation(rules.explain(facts, monday))).toBe(
      [
        'not-matched   spanish-voice (rules.yaml:3)',
        '    task.language == "es"  ←  task.language is "en"',
        'not-matched   either (rules.yaml:7)',
        '    task.priority > 5  ←  task.priority is 3',
        '    worker.languages HAS task.language  ←  worker.languages is ["de"], task.language is "en"',
        'chosen        office (rules.yaml:10)',
        'disabled      disabled (rules.yaml:14)',
        'shadowed      transfer (rules.yaml:17)',
        'shadowed      fallback (rules.yaml:21)',
        'decision: office → accept {}, async, delay 5s',
      ].join('\n'),
    );
  });

  it('when nothing matches, then the formatted decision says so', () => {
    const set = ruleSetOf(
      'version: 1\nrules:\n  - name: r\n    when: task.vip\n    instruction: redirect\n    params: { callSid: "{{task.c}}", url: "https://x.example/u" }\n',
    );
    expect(formatExplanation(set.explain(factsOf({ task: { vip: true } }), 0))).toBe(
      [
        'param-missing r (rules-0.yaml:3)',
        "    required param 'callSid' rendered empty",
        'decision: (no rule matched) → leave (no instruction), async',
      ].join('\n'),
    );
  });
});
