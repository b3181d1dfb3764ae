import { describe, expect, it } from 'vitest';
import { factsOf, ruleSetOf } from '../../support/rules.js';
import { createRandom } from '../../support/prng.js';
import { buildRuleIndex } from '../../../src/rules/rule-index.js';
import { createRuleRuntime } from '../../../src/rules/rule-runtime.js';
import type { RuleDraft } from '../../../src/rules/compile/compile-rule.js';
import { conditionOf } from '../../support/rules.js';
import type { RuleRuntime } from '../../../src/rules/rule-runtime.js';

function runtimesOf(expressions: readonly string[]): RuleRuntime[] {
  return expressions.map((when, position) => {
    const info = {
      name: `r${position}`,
      instruction: 'accept' as const,
      mode: 'async' as const,
      delaySeconds: 0,
      when,
      source: { file: 'f', line: 1, column: 1 },
    };
    const draft: RuleDraft = {
      info,
      condition: conditionOf(when),
      disabled: false,
      params: { fixed: {}, render: () => ({}) },
    };
    return createRuleRuntime(draft, position);
  });
}

const rules = (defaults: string, body: string): string => `version: 1\n${defaults}rules:\n${body}`;

describe('decide', () => {
  it('when two rules match, then the first in file order decides', () => {
    const set = ruleSetOf(
      rules(
        '',
        '  - name: first\n    when: task.a == 1\n    instruction: reject\n  - name: second\n    when: task.a >= 1\n    instruction: accept\n',
      ),
    );
    expect(set.decide(factsOf({ task: { a: 1 } }), 0)).toEqual({
      rule: 'first',
      instruction: { kind: 'reject', params: {} },
      mode: 'async',
      delaySeconds: 0,
    });
    expect(set.decide(factsOf({ task: { a: 2 } }), 0).rule).toBe('second');
  });

  it('when rules come from two files, then the first file goes first', () => {
    const a = 'version: 1\nrules:\n  - name: from-a\n    instruction: reject\n';
    const b = 'version: 1\nrules:\n  - name: from-b\n    instruction: accept\n';
    expect(ruleSetOf(a, b).decide(factsOf(), 0).rule).toBe('from-a');
    expect(ruleSetOf(b, a).decide(factsOf(), 0).rule).toBe('from-b');
  });

  it.each([
    ['', { rule: null, instruction: null, mode: 'async', delaySeconds: 0 }],
    [
      'defaults: { onNoMatch: reject }\n',
      { rule: null, instruction: { kind: 'reject', params: {} }, mode: 'async', delaySeconds: 0 },
    ],
    [
      'defaults: { onNoMatch: leave, mode: inline }\n',
      { rule: null, instruction: null, mode: 'inline', delaySeconds: 0 },
    ],
  ])(
    'when nothing matches and the defaults are %j, then the decision is %j',
    (defaults, decision) => {
      const set = ruleSetOf(
        rules(defaults, '  - name: never\n    when: task.a == 1\n    instruction: accept\n'),
      );
      expect(set.decide(factsOf(), 0)).toEqual(decision);
      expect(Object.isFrozen(set.decide(factsOf(), 0))).toBe(true);
    },
  );

  it('when a rule sets its own mode, then it overrides the default', () => {
    const set = ruleSetOf(
      rules(
        'defaults: { mode: inline }\n',
        '  - name: slow\n    when: task.a == 1\n    instruction: accept\n    mode: async\n    delay: 15\n  - name: fast\n    instruction: accept\n',
      ),
    );
    expect(set.decide(factsOf({ task: { a: 1 } }), 0)).toMatchObject({
      rule: 'slow',
      mode: 'async',
      delaySeconds: 15,
    });
    expect(set.decide(factsOf(), 0)).toMatchObject({
      rule: 'fast',
      mode: 'inline',
      delaySeconds: 0,
    });
  });
});

describe('decide with an index', () => {
  const indexed = ruleSetOf(
    rules(
      '',
      `  - name: voice-es
    when: task.type == "voice" AND task.language == "es"
    instruction: conference
  - name: old-any
    when: callback.TaskAge > 60
    instruction: reject
  - name: voice
    when: '"voice" == task.type'
    instruction: accept
  - name: chat-or-sms
    when: task.type IN ["chat", "sms"] AND task.vip == true
    instruction: reject
  - name: chat
    when: task.type == "chat"
    instruction: accept
  - name: disabled
    when: false
    instruction: accept
  - name: numeric
    when: task.type == 5
    instruction: reject
  - name: catch-all
    instruction: accept
`,
    ),
  );

  it.each([
    [{ type: 'voice', language: 'es' }, {}, 'voice-es'],
    [{ type: 'voice', language: 'es' }, { TaskAge: '61' }, 'voice-es'],
    [{ type: 'voice', language: 'en' }, { TaskAge: '61' }, 'old-any'],
    [{ type: 'voice', language: 'en' }, { TaskAge: '5' }, 'voice'],
    [{ type: 'chat', vip: true }, {}, 'chat-or-sms'],
    [{ type: 'sms', vip: true }, {}, 'chat-or-sms'],
    [{ type: 'sms' }, {}, 'catch-all'],
    [{ type: 'chat' }, {}, 'chat'],
    [{ type: 5 }, {}, 'numeric'],
    [{ type: '5' }, {}, 'numeric'],
    [{ type: 'fax' }, { TaskAge: '99' }, 'old-any'],
    [{}, {}, 'catch-all'],
    [{ type: ['voice'] }, {}, 'catch-all'],
  ])('when the task is %j with callback %j, then %s decides', (task, callback, rule) => {
    const facts = factsOf({ task, callback });
    expect(indexed.decide(facts, 0).rule).toBe(rule);
    expect(indexed.explain(facts, 0).decision.rule).toBe(rule);
  });

  it('when most rules pin task.type, then decide is indexed by it', () => {
    expect(indexed.indexedBy).toBe('task.type');
  });

  it('when fewer than two rules share a keyed path, then no index is built', () => {
    expect(buildRuleIndex([])).toBeUndefined();
    expect(
      buildRuleIndex(runtimesOf(['task.a == "x"', 'task.b == "y"', 'task.c > 1'])),
    ).toBeUndefined();
    expect(ruleSetOf(rules('', '  - name: a\n    instruction: accept\n')).indexedBy).toBeNull();
  });

  it('when rules pin different paths, then the most common one is the key', () => {
    const index = buildRuleIndex(
      runtimesOf([
        'worker.team == "a"',
        'task.kind == "x" AND worker.team == "b"',
        'task.kind == "y"',
        'task.kind IN ["x", "z"]',
        'task.kind == true',
        'task.kind OR true',
      ]),
    );
    expect(index?.path).toBe('task.kind');
    expect([...(index?.buckets.keys() ?? [])]).toEqual(['x', 'y', 'z', true]);
    expect(index?.buckets.get('x')?.map((rule) => rule.position)).toEqual([1, 3]);
    expect(index?.unkeyed.map((rule) => rule.position)).toEqual([0, 5]);
  });

  it('when every rule pins a path to the same value, then that path is not worth indexing', () => {
    expect(
      buildRuleIndex(
        runtimesOf(['task.channel == "voice"', 'task.channel == "voice" AND task.x > 1']),
      ),
    ).toBeUndefined();
    const index = buildRuleIndex(
      runtimesOf([
        'task.channel == "voice" AND task.type == "a"',
        'task.channel == "voice" AND task.type == "b"',
        'task.channel == "voice"',
      ]),
    );
    expect(index?.path).toBe('task.type');
  });

  it('when a keyed rule pins a path by index and by nested names, then the path key keeps both', () => {
    const index = buildRuleIndex(
      runtimesOf(['task.route[0].kind == "a"', 'task.route[0].kind == "b"']),
    );
    expect(index?.path).toBe('task.route[0].kind');
  });
});

describe('decide: indexed and linear agree', () => {
  const types = ['voice', 'chat', 'sms', 'email', '5', 'true'];
  const random = createRandom(20240601);

  function randomCondition(): string {
    const kind = random.int(7);
    const type = random.pick(types);
    switch (kind) {
      case 0:
        return `task.type == "${type}"`;
      case 1:
        return `task.type == "${type}" AND task.level > ${random.int(5)}`;
      case 2:
        return `task.type IN ["${type}", "${random.pick(types)}"] AND worker.ok == true`;
      case 3:
        return `task.level >= ${random.int(5)}`;
      case 4:
        return `task.type == "${type}" OR task.level == ${random.int(5)}`;
      case 5:
        return `task.flag == true AND task.type != "${type}"`;
      default:
        return `task.type == ${random.int(6)}`;
    }
  }

  function randomValue(): unknown {
    return random.pick([...types, 5, true, false, null, undefined, ['voice'], { a: 1 }, 3]);
  }

  it('when thousands of random rule sets and facts are decided, then the index never changes the winner', () => {
    for (let set = 0; set < 40; set += 1) {
      const count = 2 + random.int(40);
      const body = Array.from(
        { length: count },
        (_, i) => `  - name: r${i}\n    when: '${randomCondition()}'\n    instruction: accept\n`,
      ).join('');
      const ruleSet = ruleSetOf(rules('', body));
      for (let f = 0; f < 60; f += 1) {
        const facts = factsOf({
          task: {
            type: randomValue(),
            level: random.int(6),
            flag: random.pick([true, false, 'true']),
          },
          worker: { ok: random.pick([true, false]) },
        });
        expect(ruleSet.decide(facts, 0).rule).toBe(ruleSet.explain(facts, 0).decision.rule);
      }
    }
  }, 60_000);
});

describe('rule runtime', () => {
  it('when a runtime is created from a draft without condition, then it always matches', () => {
    const info = {
      name: 'r',
      instruction: 'accept' as const,
      mode: 'async' as const,
      delaySeconds: 0,
      when: null,
      source: { file: 'f', line: 1, column: 1 },
    };
    const runtime = createRuleRuntime(
      { info, condition: null, disabled: false, params: { fixed: {}, render: () => ({}) } },
      0,
    );
    expect(runtime.test(factsOf(), 0)).toBe(true);
    expect(runtime.decision(factsOf())).toEqual({
      rule: 'r',
      instruction: { kind: 'accept', params: {} },
      mode: 'async',
      delaySeconds: 0,
    });
  });
});
